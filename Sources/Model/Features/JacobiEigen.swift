/// Eigen-decomposition of a small dense symmetric matrix by the cyclic Jacobi method (Golub & Van Loan 8.5):
/// plane rotations zero the off-diagonal entries until their norm falls below 1e-14 of the matrix norm.
/// Used for the Rayleigh–Ritz step of `SubspaceIteration` (matrices of a few dozen rows).
enum JacobiEigen {
    /// Returns eigenvalues in descending order and the matching orthonormal eigenvectors as columns of a
    /// column-major n x n matrix. `matrix` is n x n (symmetric; either storage order).
    static func decompose(_ matrix: [Double], n: Int) -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let total = a.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<n { off += 2 * a[p * n + q] * a[p * n + q] } }
            if off <= 1e-28 * total || off == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p * n + q] != 0 {
                    rotate(&a, &v, n: n, p: p, q: q)
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        var vectors = [Double](repeating: 0, count: n * n)
        for (j, source) in order.enumerated() {
            for i in 0..<n { vectors[j * n + i] = v[source * n + i] }
        }
        return (order.map { a[$0 * n + $0] }, vectors)
    }

    /// One rotation zeroing a[p][q]; v accumulates the rotations (column k of V stored at v[k * n ...]).
    private static func rotate(_ a: inout [Double], _ v: inout [Double], n: Int, p: Int, q: Int) {
        let apq = a[p * n + q]
        let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
        let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
        let c = 1 / (t * t + 1).squareRoot(), s = t * c
        for k in 0..<n {
            let akp = a[k * n + p], akq = a[k * n + q]
            a[k * n + p] = c * akp - s * akq
            a[k * n + q] = s * akp + c * akq
        }
        for k in 0..<n {
            let apk = a[p * n + k], aqk = a[q * n + k]
            a[p * n + k] = c * apk - s * aqk
            a[q * n + k] = s * apk + c * aqk
        }
        for k in 0..<n {
            let vkp = v[p * n + k], vkq = v[q * n + k]
            v[p * n + k] = c * vkp - s * vkq
            v[q * n + k] = s * vkp + c * vkq
        }
    }
}
