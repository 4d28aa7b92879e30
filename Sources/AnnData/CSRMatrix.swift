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

    /// The non-zero entries of a dense row-major `rows` x `columns` block: row r keeps the (c, v) with
    /// v = dense[r * columns + c] != 0, in column order.
    public init(dense: [Float], rows: Int, columns: Int) {
        precondition(dense.count == rows * columns, "dense must hold rows x columns values")
        var indptr: [Int64] = [0]
        indptr.reserveCapacity(rows + 1)
        var indices: [Int32] = [], values: [Float] = []
        dense.withUnsafeBufferPointer { block in
            for r in 0..<rows {
                let base = r * columns
                for c in 0..<columns where block[base + c] != 0 {
                    indices.append(Int32(c))
                    values.append(block[base + c])
                }
                indptr.append(Int64(values.count))
            }
        }
        self.init(nRows: rows, nCols: columns, indptr: indptr, indices: indices, values: values)
    }

    public var nnz: Int { values.count }

    /// The stored (column, value) pairs of row `r`.
    public func row(_ r: Int) -> (indices: ArraySlice<Int32>, values: ArraySlice<Float>) {
        let range = Int(indptr[r])..<Int(indptr[r + 1])
        return (indices[range], values[range])
    }

    /// Rows `range` as their own matrix: indptr[range.lowerBound ... range.upperBound] shifted to start at 0,
    /// with the stored entries between.
    public func rows(_ range: Range<Int>) -> CSRMatrix {
        let start = Int(indptr[range.lowerBound]), end = Int(indptr[range.upperBound])
        return CSRMatrix(nRows: range.count, nCols: nCols,
                         indptr: indptr[range.lowerBound...range.upperBound].map { $0 - Int64(start) },
                         indices: Array(indices[start..<end]), values: Array(values[start..<end]))
    }

    /// The rows `selection` (any order, repeats allowed) as their own matrix, in that order.
    public func rows(_ selection: [Int]) -> CSRMatrix {
        var out = CSRMatrix(nCols: nCols)
        out.indptr.reserveCapacity(selection.count + 1)
        for r in selection {
            let (cols, vals) = row(r)
            out.indices.append(contentsOf: cols)
            out.values.append(contentsOf: vals)
            out.indptr.append(Int64(out.indices.count))
        }
        out.nRows = selection.count
        return out
    }

    /// Row `r` as a dense vector of `nCols` values.
    public func denseRow(_ r: Int) -> [Float] {
        var out = [Float](repeating: 0, count: nCols)
        let (cols, vals) = row(r)
        for (c, v) in zip(cols, vals) { out[Int(c)] = v }
        return out
    }

    /// Reserves room for `rows` more rows holding `values` more stored values, so that appending them copies
    /// nothing already held.
    public mutating func reserveCapacity(rows: Int, values: Int) {
        indptr.reserveCapacity(indptr.count + rows)
        indices.reserveCapacity(indices.count + values)
        self.values.reserveCapacity(self.values.count + values)
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
