import COpenBLAS

/// Gene loadings on the top principal components of the training control cells (model.md step 1).
///
/// From the reducible statistics n, s = sum_c x_c (G) and S = sum_c x_c x_c^T (G x G) of log1p expression,
/// the covariance is C = (S - s s^T / n) / (n - 1); its top k = min(components, G, n - 1) eigenvectors
/// (unit length, the convention of scanpy's `varm['PCs']`, sign: largest-magnitude entry positive) are the
/// loadings, one row per gene.
public struct PCALoadings: Sendable {
    /// G x k row-major: row g holds gene g's loadings.
    public let loadings: [Double]
    /// The k covariance eigenvalues (explained variances), descending.
    public let explainedVariance: [Double]
    public let geneCount: Int
    public let componentCount: Int

    public init(count n: Double, sum: [Double], crossProduct: [Double], components: Int = 32,
                solver: SubspaceIteration = SubspaceIteration()) {
        let g = sum.count
        precondition(crossProduct.count == g * g, "crossProduct must be G x G")
        let k = max(0, min(components, g, Int(n) - 1))
        geneCount = g
        componentCount = k
        guard k > 0 else {
            loadings = []
            explainedVariance = []
            return
        }
        var covariance = [Double](repeating: 0, count: g * g)
        for i in 0..<g {
            for j in 0..<g {
                covariance[i * g + j] = (crossProduct[i * g + j] - sum[i] * sum[j] / n) / (n - 1)
            }
        }
        let result = solver.topEigenpairs(n: g, k: k) { x, y, b in
            cblas_dsymm(CblasColMajor, CblasLeft, CblasUpper, Int32(g), Int32(b),
                        1, covariance, Int32(g), x, Int32(g), 0, y, Int32(g))
        }
        loadings = result.vectors
        explainedVariance = result.values
    }
}
