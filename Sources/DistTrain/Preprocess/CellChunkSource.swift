import AnnData

/// A rank's cells, readable several times in row chunks (each preprocessing pass reads them once).
public protocol CellChunkSource {
    var geneCount: Int { get }
    /// Calls `body` with consecutive chunks of raw rows and each row's group: a perturbation index, the
    /// control group, or -1 for cells left out (e.g. `unassigned`).
    func forEachChunk(_ body: (CSRMatrix, [Int32]) throws -> Void) throws
}

/// A matrix already in memory, served in chunks of `chunkRows` rows.
public struct InMemoryCells: CellChunkSource, Sendable {
    public let matrix: CSRMatrix
    public let groups: [Int32]
    public let chunkRows: Int

    public init(matrix: CSRMatrix, groups: [Int32], chunkRows: Int = 4096) {
        precondition(groups.count == matrix.nRows, "one group per row")
        precondition(chunkRows > 0, "chunkRows must be positive")
        self.matrix = matrix
        self.groups = groups
        self.chunkRows = chunkRows
    }

    public var geneCount: Int { matrix.nCols }

    public func forEachChunk(_ body: (CSRMatrix, [Int32]) throws -> Void) throws {
        for start in stride(from: 0, to: matrix.nRows, by: chunkRows) {
            let end = min(start + chunkRows, matrix.nRows)
            let lo = Int(matrix.indptr[start]), hi = Int(matrix.indptr[end])
            let chunk = CSRMatrix(nRows: end - start, nCols: matrix.nCols,
                                  indptr: matrix.indptr[start...end].map { $0 - Int64(lo) },
                                  indices: Array(matrix.indices[lo..<hi]), values: Array(matrix.values[lo..<hi]))
            try body(chunk, Array(groups[start..<end]))
        }
    }
}
