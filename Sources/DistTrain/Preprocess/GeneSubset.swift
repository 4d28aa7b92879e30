/// A selection of input columns (genes) in a given order: output gene j is input column `columns[j]`.
public struct GeneSubset: Sendable, Equatable {
    public let columns: [Int]
    /// For each input column its output index, or -1 when the column is not selected.
    public let outputIndex: [Int32]

    public init(columns: [Int], inputColumns: Int) {
        var map = [Int32](repeating: -1, count: inputColumns)
        for (j, c) in columns.enumerated() { map[c] = Int32(j) }
        self.columns = columns
        outputIndex = map
    }

    public static func all(_ n: Int) -> GeneSubset { GeneSubset(columns: Array(0..<n), inputColumns: n) }

    public var count: Int { columns.count }
}
