import AnnData
import Core
import Model

/// Per-group (perturbation or control) sufficient statistics in log1p space over a gene subset, streamed
/// over row chunks. Buffer layout, group-major: for group k at offset k (1 + 3G): [n, sum x (G), sum x^2 (G),
/// non-zeros (G)]. Each x and x^2 is rounded to a `SummationGrid`, so the sums are exact: the same for any
/// split of the cells over ranks.
public struct GroupStatisticsAccumulator: ReducibleAccumulator, Sendable {
    public var buffer: [Double]
    public let groupCount: Int
    public let genes: GeneSubset
    private let sumGrid: SummationGrid
    private let squareGrid: SummationGrid

    /// Refuses, before allocating, statistics larger than this machine's memory (e.g. a label column with one
    /// label per cell): every rank holds groupCount x (1 + 3G) Float64. At most `bounds.cells` cells of log1p
    /// values up to `bounds.log1pValue` are added.
    public init(groupCount: Int, genes: GeneSubset, bounds: SumBounds) throws {
        try MemoryBudget.require(count: groupCount, bytesEach: 8 * (1 + 3 * genes.count),
                                 for: "per-label statistics of \(groupCount) labels x \(genes.count) genes",
                                 fix: "check that data.perturbation_key names the perturbation column (not one "
                                    + "label per cell), or keep fewer genes (data.hvg)")
        self.groupCount = groupCount
        self.genes = genes
        buffer = [Double](repeating: 0, count: groupCount * (1 + 3 * genes.count))
        sumGrid = SummationGrid(bound: bounds.cells * bounds.log1pValue)
        squareGrid = SummationGrid(bound: bounds.cells * bounds.log1pValue * bounds.log1pValue)
    }

    /// Adds the rows of a log1p chunk; `groupOfRow[r]` is the row's group, or -1 for rows to skip.
    public mutating func add(log1pChunk chunk: CSRMatrix, groupOfRow: [Int32]) {
        precondition(groupOfRow.count == chunk.nRows, "one group per row")
        for r in 0..<chunk.nRows where groupOfRow[r] >= 0 { add(row: r, of: chunk, toGroup: Int(groupOfRow[r])) }
    }

    /// Adds the given rows of a log1p matrix to group `k`.
    public mutating func add(rows: [Int], of matrix: CSRMatrix, toGroup k: Int) {
        for r in rows { add(row: r, of: matrix, toGroup: k) }
    }

    private mutating func add(row r: Int, of matrix: CSRMatrix, toGroup k: Int) {
        precondition(matrix.nCols == genes.outputIndex.count, "matrix has \(matrix.nCols) genes, expected \(genes.outputIndex.count)")
        let g = genes.count, base = k * (1 + 3 * g)
        let map = genes.outputIndex
        buffer.withUnsafeMutableBufferPointer { b in
            b[base] += 1
            for e in Int(matrix.indptr[r])..<Int(matrix.indptr[r + 1]) {
                let j = Int(map[Int(matrix.indices[e])])
                let x = Double(matrix.values[e])
                guard j >= 0, x != 0 else { continue }
                b[base + 1 + j] += sumGrid.round(x)
                b[base + 1 + g + j] += squareGrid.round(x * x)
                b[base + 1 + 2 * g + j] += 1
            }
        }
    }

    public func statistics(group k: Int) -> GroupStatistics {
        let g = genes.count, base = k * (1 + 3 * g)
        return GroupStatistics(count: buffer[base],
                               sum: Array(buffer[(base + 1)..<(base + 1 + g)]),
                               sumOfSquares: Array(buffer[(base + 1 + g)..<(base + 1 + 2 * g)]),
                               nonZeros: Array(buffer[(base + 1 + 2 * g)..<(base + 1 + 3 * g)]))
    }
}
