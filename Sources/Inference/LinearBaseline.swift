import AnnData

/// The linear baseline of Ahlmann-Eltze, Huber & Anders (Nat Methods 2025) as docs/model.md ("Baselines") describes it:
/// Y (G x T training deltas) centred by its row mean b, A (G x k) the gene embedding (top-10 PCA scores of the
/// training pseudobulk, `pcaScores`), B (k x T) the perturbations' embeddings (rows of A of their targets),
///   K = (A^T A + lambda I)^-1 A^T (Y - b) B^T (B B^T + lambda I)^-1,   lambda = 0.1,
/// and a perturbation with embedding beta is predicted as A K beta + b. A target that is not a measured gene
/// takes the mean row of its measured graph neighbours, or zero (the train mean) when it has none; a double
/// perturbation sums its targets' rows.
public struct LinearBaseline: Sendable {
    public static let defaultLambda = 0.1

    /// G x k row-major.
    public let geneEmbedding: [Double]
    /// k x k row-major.
    public let k: [Double]
    /// G: the row mean of the training deltas.
    public let center: [Double]
    public let genes: [String]
    public let components: Int

    /// Fits K. `trainDeltas`: T x G row-major observed deltas of the training perturbations with labels
    /// `trainLabels` (canonical, targets joined by "+"); `neighbours(target)` lists a target's graph neighbours.
    public init(genes: [String], trainLabels: [String], trainDeltas: [Float], geneEmbedding: [Double],
                components: Int, lambda: Double = defaultLambda, neighbours: (String) -> [String]) {
        let g = genes.count, t = trainLabels.count, c = components
        precondition(trainDeltas.count == t * g && geneEmbedding.count == g * c, "shapes: Y T x G, A G x k")
        self.genes = genes
        self.geneEmbedding = geneEmbedding
        self.components = c
        var center = [Double](repeating: 0, count: g)
        for p in 0..<t { for i in 0..<g { center[i] += Double(trainDeltas[p * g + i]) / Double(t) } }
        self.center = center
        let index = Dictionary(genes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        // B^T: T x k, row p = embedding of training perturbation p.
        let bT = trainLabels.flatMap {
            Self.embedding(of: $0, geneIndex: index, geneEmbedding: geneEmbedding, components: c, neighbours: neighbours)
        }
        // A^T (Y - b): k x T.
        var aTY = [Double](repeating: 0, count: c * t)
        for p in 0..<t {
            for i in 0..<g {
                let y = Double(trainDeltas[p * g + i]) - center[i]
                for a in 0..<c { aTY[a * t + p] += geneEmbedding[i * c + a] * y }
            }
        }
        let left = Dense.solveSPD(Dense.gram(geneEmbedding, rows: g, columns: c, ridge: lambda),
                                  Dense.multiply(aTY, bT, m: c, n: t, p: c), size: c)  // (A^T A + λI)^-1 A^T Y B^T
        let right = Dense.gram(bT, rows: t, columns: c, ridge: lambda)  // B B^T + λI (symmetric)
        // K = left * right^-1  <=>  K^T = right^-1 left^T.
        let kT = Dense.solveSPD(right, Dense.transpose(left, rows: c, columns: c), size: c)
        k = Dense.transpose(kT, rows: c, columns: c)
    }

    /// Predicted delta (G) of a canonical label: A K beta + b.
    public func predict(_ label: String, neighbours: (String) -> [String]) -> [Float] {
        let c = components
        let index = Dictionary(genes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let beta = Self.embedding(of: label, geneIndex: index, geneEmbedding: geneEmbedding, components: c,
                                  neighbours: neighbours)
        let kBeta = (0..<c).map { a in (0..<c).reduce(0.0) { $0 + k[a * c + $1] * beta[$1] } }
        return genes.indices.map { i in
            Float((0..<c).reduce(center[i]) { $0 + geneEmbedding[i * c + $1] * kBeta[$1] })
        }
    }

    /// Top-`components` PCA scores of the genes of the training pseudobulk M (G x T, genes as observations,
    /// each column centred over genes as prcomp does): A = M_c V, with V (T x k) the loadings, e.g. from
    /// Model's `PCALoadings` on M's column sums and cross-product M^T M.
    public static func pcaScores(pseudobulk m: [Double], genes g: Int, loadings v: [Double], components c: Int) -> [Double] {
        let t = m.count / g
        let means = (0..<t).map { p in (0..<g).reduce(0.0) { $0 + m[$1 * t + p] } / Double(g) }
        var scores = [Double](repeating: 0, count: g * c)
        for i in 0..<g { for p in 0..<t { for a in 0..<c { scores[i * c + a] += (m[i * t + p] - means[p]) * v[p * c + a] } } }
        return scores
    }

    /// beta of a label: sum over its targets of the target's row of A; an unmeasured target uses the mean row
    /// of its measured neighbours, or zeros.
    static func embedding(of label: String, geneIndex: [String: Int], geneEmbedding: [Double], components c: Int,
                          neighbours: (String) -> [String]) -> [Double] {
        var beta = [Double](repeating: 0, count: c)
        for target in PerturbationLabels.targets(of: label) {
            let rows = geneIndex[target].map { [$0] } ?? neighbours(target).compactMap { geneIndex[$0] }
            for r in rows { for a in 0..<c { beta[a] += geneEmbedding[r * c + a] / Double(rows.count) } }
        }
        return beta
    }
}
