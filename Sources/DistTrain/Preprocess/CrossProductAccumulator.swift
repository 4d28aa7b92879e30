import AnnData

/// The reducible input of PCA (`Model.PCALoadings`): over the selected cells (the training controls) of a
/// log1p chunk, n, s = sum x (G) and S = sum x x^T (G x G, row-major). Buffer: [n, s, S].
/// Each cell adds its sparse outer product (nnz^2 / 2 updates, mirrored at the end of `crossProduct`).
public struct CrossProductAccumulator: ReducibleAccumulator, Sendable {
    public var buffer: [Double]
    public let genes: GeneSubset

    public init(genes: GeneSubset) {
        self.genes = genes
        buffer = [Double](repeating: 0, count: 1 + genes.count + genes.count * genes.count)
    }

    public mutating func add(log1pChunk chunk: CSRMatrix, include: [Bool]) {
        precondition(include.count == chunk.nRows, "one flag per row")
        let g = genes.count, map = genes.outputIndex
        var columns: [Int] = [], values: [Double] = []
        buffer.withUnsafeMutableBufferPointer { b in
            for r in 0..<chunk.nRows where include[r] {
                columns.removeAll(keepingCapacity: true)
                values.removeAll(keepingCapacity: true)
                for k in Int(chunk.indptr[r])..<Int(chunk.indptr[r + 1]) {
                    let j = Int(map[Int(chunk.indices[k])])
                    if j >= 0 && chunk.values[k] != 0 { columns.append(j); values.append(Double(chunk.values[k])) }
                }
                b[0] += 1
                for (a, (ja, xa)) in zip(columns, values).enumerated() {
                    b[1 + ja] += xa
                    let row = 1 + g + ja * g
                    for c in a..<columns.count {
                        let jb = columns[c]
                        // Upper triangle in (min, max) order; CSR rows may be unsorted.
                        if jb >= ja { b[row + jb] += xa * values[c] } else { b[1 + g + jb * g + ja] += xa * values[c] }
                    }
                }
            }
        }
    }

    public var count: Double { buffer[0] }
    public var sum: [Double] { Array(buffer[1..<(1 + genes.count)]) }

    /// S as a full symmetric G x G row-major matrix.
    public var crossProduct: [Double] {
        let g = genes.count
        var s = Array(buffer[(1 + g)...])
        for i in 0..<g { for j in (i + 1)..<g { s[j * g + i] = s[i * g + j] } }
        return s
    }
}
