import COpenBLAS

/// Gene loadings on the top principal components of the control cells (docs/model.md, "Step 1").
///
/// With A the n x G matrix of centred log1p expression (x_c - mean), the covariance is C = A^T A / (n - 1);
/// its top k = min(components, G, n - 1) eigenvectors (unit length, the convention of scanpy's `varm['PCs']`,
/// sign: largest-magnitude entry positive) are the loadings, one row per gene.
public struct PCALoadings: Sendable {
    /// G x k row-major: row g holds gene g's loadings.
    public let loadings: [Double]
    /// The k covariance eigenvalues (explained variances), descending.
    public let explainedVariance: [Double]
    public let geneCount: Int
    public let componentCount: Int

    /// Exact PCA from the reducible statistics n, s = sum_c x_c (G) and S = sum_c x_c x_c^T (G x G):
    /// A^T A = S - s s^T / n, eigenvectors by subspace iteration to convergence.
    public init(count n: Double, sum: [Double], crossProduct: [Double], components: Int = 32,
                solver: SubspaceIteration = SubspaceIteration()) {
        let g = sum.count
        precondition(crossProduct.count == g * g, "crossProduct must be G x G")
        var centred = [Double](repeating: 0, count: g * g)
        for i in 0..<g {
            for j in 0..<g { centred[i * g + j] = crossProduct[i * g + j] - sum[i] * sum[j] / n }
        }
        self.init(count: n, geneCount: g, components: components, solver: solver) { x, y, b in
            cblas_dsymm(CblasColMajor, CblasLeft, CblasUpper, Int32(g), Int32(b),
                        1, centred, Int32(g), x, Int32(g), 0, y, Int32(g))
        }
    }

    /// Randomised PCA (Halko, Martinsson & Tropp 2011, algorithm 4.4, on the Gram operator): from a seeded
    /// Gaussian G x (k + oversampling) block Omega, Q = orth((A^T A)^q Omega) with re-orthonormalisation after
    /// every product, then Rayleigh–Ritz: H = Q^T A^T A Q = V Λ V^T, loadings Q V, variances Λ / (n - 1).
    /// Every product with A^T A costs O(nnz(A) (k + oversampling)) on sparse rows and needs no G x G matrix.
    public static var randomizedSolver: SubspaceIteration {
        var solver = SubspaceIteration()
        let products = 8  // q = 7 power iterations, then the Rayleigh–Ritz product
        solver.maxIterations = products
        solver.rayleighRitzEvery = products
        solver.tolerance = 0
        return solver
    }

    /// PCA of the n centred rows behind `gram`, which must set Y = A^T A X (unscaled) for a column-major
    /// G x b block X (summed over all ranks' rows when the rows are distributed; then every rank gets the same
    /// loadings, since the solver's start block depends only on its seed).
    public init(count n: Double, geneCount g: Int, components: Int = 32,
                solver: SubspaceIteration = PCALoadings.randomizedSolver,
                gram: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) throws -> Void) rethrows {
        let k = max(0, min(components, g, Int(n) - 1))
        geneCount = g
        componentCount = k
        guard k > 0 else {
            loadings = []
            explainedVariance = []
            return
        }
        let result = try solver.topEigenpairs(n: g, k: k, apply: gram)
        loadings = result.vectors
        explainedVariance = result.values.map { $0 / (n - 1) }
    }
}
