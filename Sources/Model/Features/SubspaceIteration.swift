import COpenBLAS

/// Top eigenpairs of a symmetric operator by orthogonal (subspace) iteration with Rayleigh–Ritz
/// (Saad, "Numerical Methods for Large Eigenvalue Problems", 5.1): Q <- orth(A Q) on a block of
/// k + oversampling columns, and every few steps H = Q^T A Q = V Λ V^T, Q <- Q V, stopping when every wanted
/// Ritz pair has ||A q - λ q|| <= tolerance * |λ_max|.
/// Plain iteration converges at the rate λ_{block+1} / λ_k and needs A positive semi-definite. With a
/// `ChebyshevFilter` each step applies T_m((A - c) / e) instead, mapping the unwanted interval [lower, cut]
/// (cut: the smallest current Ritz value) into [-1, 1] and amplifying what lies above (Zhou & Saad 2007):
/// far faster when the wanted eigenvalues cluster, as a graph's do near 1.
public struct SubspaceIteration: Sendable {
    public struct ChebyshevFilter: Sendable {
        public var degree: Int
        /// A lower bound of A's spectrum.
        public var spectrumLowerBound: Double
        public init(degree: Int, spectrumLowerBound: Double) {
            self.degree = degree
            self.spectrumLowerBound = spectrumLowerBound
        }
    }

    public var oversampling = 16
    public var tolerance = 1e-8
    public var maxIterations = 3000
    public var rayleighRitzEvery = 5
    public var filter: ChebyshevFilter? = nil
    public var seed: UInt64 = 0x5EED

    public init() {}

    /// The eigenpairs found: `values` descending (k of them) and `vectors`, n x k row-major (row i holds
    /// component i of every vector), each vector's largest-magnitude entry made positive (lowest index on ties)
    /// so that results are deterministic. `residuals` are ||A q_j - λ_j q_j|| of the returned pairs.
    public struct Result: Sendable {
        public let values: [Double]
        public let vectors: [Double]
        public let residuals: [Double]
        public let iterations: Int
    }

    /// `apply(X, Y, b)` must set Y = A X for column-major n x b blocks X and Y (it may throw, e.g. when A X
    /// is summed over ranks).
    public func topEigenpairs(n: Int, k: Int,
                              apply: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) throws -> Void) rethrows -> Result {
        precondition(k >= 1 && k <= n, "need 1 <= k <= n")
        let b = min(n, k + oversampling)
        var rng = SplitMix64(seed: seed)
        var q = (0..<(n * b)).map { _ in rng.nextNormal() }
        Orthonormalizer.orthonormalize(&q, rows: n, columns: b, rng: &rng)
        var y = [Double](repeating: 0, count: n * b)
        var iteration = 0
        while true {
            iteration += 1
            try q.withUnsafeBufferPointer { qp in try y.withUnsafeMutableBufferPointer { try apply(qp.baseAddress!, $0.baseAddress!, b) } }
            if filter != nil || iteration % rayleighRitzEvery == 0 || iteration >= maxIterations || b == n {
                let ritz = RayleighRitz.step(q: &q, aq: &y, n: n, b: b)
                let scale = max(abs(ritz.values[0]), 1e-300)
                let residuals = RayleighRitz.residuals(q: q, aq: y, values: ritz.values, n: n, columns: k)
                if residuals.allSatisfy({ $0 <= tolerance * scale }) || iteration >= maxIterations || b == n {
                    return finish(values: Array(ritz.values.prefix(k)), q: q, n: n, k: k,
                                  residuals: residuals, iterations: iteration)
                }
                if let filter {
                    q = try Chebyshev.apply(filter, cut: ritz.values[b - 1], to: q, aq: y, n: n, b: b, apply: apply)
                } else {
                    q = y
                }
            } else {
                q = y
            }
            Orthonormalizer.orthonormalize(&q, rows: n, columns: b, rng: &rng)
        }
    }

    private func finish(values: [Double], q: [Double], n: Int, k: Int, residuals: [Double], iterations: Int) -> Result {
        var rowMajor = [Double](repeating: 0, count: n * k)
        for j in 0..<k {
            let column = q[(j * n)..<((j + 1) * n)]
            var pivot = column.startIndex
            for i in column.indices where abs(column[i]) > abs(column[pivot]) { pivot = i }
            let sign: Double = column[pivot] < 0 ? -1 : 1
            for i in 0..<n { rowMajor[i * k + j] = sign * column[j * n + i] }
        }
        return Result(values: values, vectors: rowMajor, residuals: residuals, iterations: iterations)
    }
}

/// The Chebyshev filter T_m((A - c) / e) X, c = (cut + lower) / 2, e = (cut - lower) / 2, by the three-term
/// recurrence Y_1 = (A X - c X) / e, Y_{j+1} = 2 (A Y_j - c Y_j) / e - Y_{j-1}.
enum Chebyshev {
    static func apply(_ filter: SubspaceIteration.ChebyshevFilter, cut: Double, to x: [Double], aq: [Double], n: Int, b: Int,
                      apply: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) throws -> Void) rethrows -> [Double] {
        let lower = filter.spectrumLowerBound
        let upper = max(cut, lower + 1e-3)
        let e = (upper - lower) / 2, c = (upper + lower) / 2
        var previous = x
        var current = zip(aq, x).map { ($0 - c * $1) / e }
        var product = [Double](repeating: 0, count: n * b)
        for _ in 1..<max(1, filter.degree) {
            try current.withUnsafeBufferPointer { cp in try product.withUnsafeMutableBufferPointer { try apply(cp.baseAddress!, $0.baseAddress!, b) } }
            for i in 0..<(n * b) {
                let next = 2 * (product[i] - c * current[i]) / e - previous[i]
                previous[i] = current[i]
                current[i] = next
            }
        }
        return current
    }
}

/// Rayleigh–Ritz on an orthonormal block: H = Q^T (A Q), H = V Λ V^T, Q <- Q V, AQ <- AQ V.
enum RayleighRitz {
    static func step(q: inout [Double], aq: inout [Double], n: Int, b: Int) -> (values: [Double], vectors: [Double]) {
        var h = [Double](repeating: 0, count: b * b)
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, Int32(b), Int32(b), Int32(n),
                    1, q, Int32(n), aq, Int32(n), 0, &h, Int32(b))
        let eig = JacobiEigen.decompose(h, n: b)
        q = DenseOps.multiply(q, rows: n, inner: b, by: eig.vectors, columns: b)
        aq = DenseOps.multiply(aq, rows: n, inner: b, by: eig.vectors, columns: b)
        return eig
    }

    static func residuals(q: [Double], aq: [Double], values: [Double], n: Int, columns: Int) -> [Double] {
        (0..<columns).map { j in
            var s = 0.0
            for r in 0..<n { let d = aq[j * n + r] - values[j] * q[j * n + r]; s += d * d }
            return s.squareRoot()
        }
    }
}

/// Column-major dense helpers on [Double].
enum DenseOps {
    /// C (rows x columns) = A (rows x inner) B (inner x columns), all column-major.
    static func multiply(_ a: [Double], rows: Int, inner: Int, by b: [Double], columns: Int) -> [Double] {
        var c = [Double](repeating: 0, count: rows * columns)
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, Int32(rows), Int32(columns), Int32(inner),
                    1, a, Int32(rows), b, Int32(inner), 0, &c, Int32(rows))
        return c
    }
}

/// Modified Gram–Schmidt, run twice ("twice is enough", Giraud et al. 2005), on the columns of a column-major
/// block; a column that vanishes (the operator's rank is below the block size) is replaced by a fresh random
/// vector orthogonal to the others.
enum Orthonormalizer {
    static func orthonormalize(_ q: inout [Double], rows n: Int, columns b: Int, rng: inout SplitMix64) {
        for j in 0..<b {
            var attempts = 0
            while true {
                let original = norm(q, column: j, n: n)
                for _ in 0..<2 {
                    for i in 0..<j {
                        var dot = 0.0
                        for r in 0..<n { dot += q[i * n + r] * q[j * n + r] }
                        for r in 0..<n { q[j * n + r] -= dot * q[i * n + r] }
                    }
                }
                let remaining = norm(q, column: j, n: n)
                if remaining > 1e-10 * original && remaining > 1e-300 {
                    for r in 0..<n { q[j * n + r] /= remaining }
                    break
                }
                attempts += 1
                precondition(attempts < 100, "cannot extend the orthonormal block")
                for r in 0..<n { q[j * n + r] = rng.nextNormal() }
            }
        }
    }

    private static func norm(_ q: [Double], column j: Int, n: Int) -> Double {
        var s = 0.0
        for r in 0..<n { s += q[j * n + r] * q[j * n + r] }
        return s.squareRoot()
    }
}
