/// Dense layer y = x W + b. Shapes: x [rows, inDim], W [inDim, outDim] (row-major), b [outDim], y [rows, outDim].
public enum Linear {
    /// y = x W (+ b when given). Overwrites y.
    public static func forward<T: ModelScalar>(
        x: UnsafePointer<T>, weight: UnsafePointer<T>, bias: UnsafePointer<T>?, y: UnsafeMutablePointer<T>,
        rows: Int, inDim: Int, outDim: Int
    ) {
        if let bias {
            for r in 0..<rows { (y + r * outDim).update(from: bias, count: outDim) }
        }
        T.gemm(transA: false, transB: false, m: rows, n: outDim, k: inDim, alpha: 1, a: x, lda: inDim,
               b: weight, ldb: outDim, beta: bias == nil ? 0 : 1, c: y, ldc: outDim)
    }

    /// dW += x^T dy; db += sum_rows dy; dx += dy W^T (when dx is given).
    public static func backward<T: ModelScalar>(
        x: UnsafePointer<T>, weight: UnsafePointer<T>, dy: UnsafePointer<T>,
        dWeight: UnsafeMutablePointer<T>, dBias: UnsafeMutablePointer<T>?, dx: UnsafeMutablePointer<T>?,
        rows: Int, inDim: Int, outDim: Int
    ) {
        T.gemm(transA: true, transB: false, m: inDim, n: outDim, k: rows, alpha: 1, a: x, lda: inDim,
               b: dy, ldb: outDim, beta: 1, c: dWeight, ldc: outDim)
        if let dBias {
            for r in 0..<rows {
                let row = dy + r * outDim
                for j in 0..<outDim { dBias[j] += row[j] }
            }
        }
        if let dx {
            T.gemm(transA: false, transB: true, m: rows, n: inDim, k: outDim, alpha: 1, a: dy, lda: outDim,
                   b: weight, ldb: outDim, beta: 1, c: dx, ldc: inDim)
        }
    }
}
