/// Small dense Double linear algebra for the baselines (k x k systems, k ~ 10), row-major.
enum Dense {
    /// X^T X + ridge I for X rows x columns.
    static func gram(_ x: [Double], rows: Int, columns c: Int, ridge: Double) -> [Double] {
        var out = [Double](repeating: 0, count: c * c)
        for r in 0..<rows { for a in 0..<c { for b in 0..<c { out[a * c + b] += x[r * c + a] * x[r * c + b] } } }
        for a in 0..<c { out[a * c + a] += ridge }
        return out
    }

    /// (m x n) * (n x p).
    static func multiply(_ x: [Double], _ y: [Double], m: Int, n: Int, p: Int) -> [Double] {
        var out = [Double](repeating: 0, count: m * p)
        for i in 0..<m { for l in 0..<n { let v = x[i * n + l]; for j in 0..<p { out[i * p + j] += v * y[l * p + j] } } }
        return out
    }

    static func transpose(_ x: [Double], rows: Int, columns: Int) -> [Double] {
        (0..<(rows * columns)).map { x[($0 % rows) * columns + $0 / rows] }
    }

    /// Solves S X = R for symmetric positive-definite S (size x size) by Cholesky S = L L^T; R is size x q.
    static func solveSPD(_ s: [Double], _ r: [Double], size n: Int) -> [Double] {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = s[i * n + j]
                for m in 0..<j { sum -= l[i * n + m] * l[j * n + m] }
                l[i * n + j] = i == j ? sum.squareRoot() : sum / l[j * n + j]
            }
        }
        let q = r.count / n
        var x = r
        for col in 0..<q {
            for i in 0..<n {  // L y = r
                var sum = x[i * q + col]
                for m in 0..<i { sum -= l[i * n + m] * x[m * q + col] }
                x[i * q + col] = sum / l[i * n + i]
            }
            for i in stride(from: n - 1, through: 0, by: -1) {  // L^T x = y
                var sum = x[i * q + col]
                for m in (i + 1)..<n { sum -= l[m * n + i] * x[m * q + col] }
                x[i * q + col] = sum / l[i * n + i]
            }
        }
        return x
    }
}
