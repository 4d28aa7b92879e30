/// A compressed-sparse-row block of cells x genes: the unit in which expression moves through the system
/// (a row range read from an .h5ad, a chunk the simulator writes, a shard a rank holds).
///
/// Row r's stored values are `values[indptr[r] ..< indptr[r + 1]]` at columns `indices[...]`.
public struct CSRMatrix: Equatable, Sendable {
    public var nRows: Int
    public var nCols: Int
    public var indptr: [Int64]
    public var indices: [Int32]
    public var values: [Float]

    public init(nRows: Int, nCols: Int, indptr: [Int64], indices: [Int32], values: [Float]) {
        precondition(indptr.count == nRows + 1, "indptr must have nRows + 1 entries")
        precondition(indices.count == values.count, "indices and values must have the same length")
        self.nRows = nRows
        self.nCols = nCols
        self.indptr = indptr
        self.indices = indices
        self.values = values
    }

    /// An empty matrix with `nCols` columns and no rows.
    public init(nCols: Int) {
        self.init(nRows: 0, nCols: nCols, indptr: [0], indices: [], values: [])
    }

    public var nnz: Int { values.count }

    /// The stored (column, value) pairs of row `r`.
    public func row(_ r: Int) -> (indices: ArraySlice<Int32>, values: ArraySlice<Float>) {
        let range = Int(indptr[r])..<Int(indptr[r + 1])
        return (indices[range], values[range])
    }

    /// Row `r` as a dense vector of `nCols` values.
    public func denseRow(_ r: Int) -> [Float] {
        var out = [Float](repeating: 0, count: nCols)
        let (cols, vals) = row(r)
        for (c, v) in zip(cols, vals) { out[Int(c)] = v }
        return out
    }

    /// Appends the rows of `other` (same number of columns) below these.
    public mutating func append(_ other: CSRMatrix) {
        precondition(other.nCols == nCols, "column counts differ")
        let offset = indptr[nRows]
        indptr.append(contentsOf: other.indptr.dropFirst().map { $0 + offset })
        indices.append(contentsOf: other.indices)
        values.append(contentsOf: other.values)
        nRows += other.nRows
    }
}
