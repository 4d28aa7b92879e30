/// A dense block of cells x genes in log1p space, row-major (row = cell): the evaluator's unit of expression.
public struct CellMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// rows x columns, row-major.
    public var values: [Float]

    public init(rows: Int, columns: Int, values: [Float]) {
        precondition(values.count == rows * columns, "CellMatrix needs rows * columns values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Per-gene mean over cells, accumulated in Double: mu_g = (1/n) sum_c x_cg.
    public func columnMeans() -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        values.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                let row = x.baseAddress! + r * columns
                for g in 0..<columns { sums[g] += Double(row[g]) }
            }
        }
        let scale = rows > 0 ? 1 / Double(rows) : .nan
        return sums.map { $0 * scale }
    }

    /// Per-gene mean the way scipy.sparse computes it for pdex on Float32 data: each value scaled by
    /// Float(1 / n) and summed in Float32 in cell order. Bit-identical to pdex's pseudobulk input, which matters
    /// because cell-eval ranks genes by Float32 fold changes and ties break by gene order.
    public func float32Means() -> [Float] {
        let scale = Float(1.0 / Double(rows))
        var sums = [Float](repeating: 0, count: columns)
        values.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                let row = x.baseAddress! + r * columns
                for g in 0..<columns { sums[g] += row[g] * scale }
            }
        }
        return sums
    }

    /// The values gene-major (columns x rows): gene g's cells are `[g * rows ..< (g + 1) * rows]`.
    public func transposed() -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        let block = 64
        values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                for r0 in stride(from: 0, to: rows, by: block) {
                    for c0 in stride(from: 0, to: columns, by: block) {
                        for r in r0..<min(r0 + block, rows) {
                            for c in c0..<min(c0 + block, columns) { y[c * rows + r] = x[r * columns + c] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The cells at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> CellMatrix {
        var out = [Float]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: values[(r * columns)..<((r + 1) * columns)]) }
        return CellMatrix(rows: indices.count, columns: columns, values: out)
    }
}
