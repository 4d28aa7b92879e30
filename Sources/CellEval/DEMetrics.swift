/// The DEG-aware metrics of one perturbation, as cell-eval 0.8.2 defines them on two `DETable`s
/// (real and predicted). `nil` marks a value cell-eval leaves null (the perturbation has no real DEG and so
/// no row in its group-by); NaN is kept where cell-eval's correlation is NaN.
enum DEMetrics {
    /// DES@k (cell-eval `overlap_at_k`; k nil = N): R, Q the ranked significant genes, k' = min(k or |R|, |R|),
    /// |R[:k'] intersect Q[:k']| / k', 0 when k' = 0.
    static func overlap(real: [Int], pred: [Int], k: Int?) -> Double {
        let kEff = min(k ?? real.count, real.count)
        return topIntersection(real: real, pred: pred, k: kEff)
    }

    /// cell-eval `precision_at_k`: as `overlap` with k' = min(k or |Q|, |Q|).
    static func precision(real: [Int], pred: [Int], k: Int?) -> Double {
        let kEff = min(k ?? pred.count, pred.count)
        return topIntersection(real: real, pred: pred, k: kEff)
    }

    private static func topIntersection(real: [Int], pred: [Int], k: Int) -> Double {
        guard k > 0 else { return 0 }
        let top = Set(real.prefix(k))
        return Double(pred.prefix(k).filter(top.contains).count) / Double(k)
    }

    /// `de_spearman_lfc_sig`: Spearman rho of real vs predicted Float32 log2FC over the real significant genes.
    static func spearmanLFC(real: DETable, pred: DETable) -> Double? {
        let genes = real.rankedSignificant
        guard !genes.isEmpty else { return nil }
        return Correlation.spearman(genes.map { Double(real.log2FoldChange[$0]) },
                                    genes.map { Double(pred.log2FoldChange[$0]) })
    }

    /// `de_direction_match`: fraction of real significant genes with sign(pred log2FC) == sign(real log2FC),
    /// signs of the Float32 values (sign 0 for 0).
    static func directionMatch(real: DETable, pred: DETable) -> Double? {
        let genes = real.rankedSignificant
        guard !genes.isEmpty else { return nil }
        let matches = genes.filter { sign(real.log2FoldChange[$0]) == sign(pred.log2FoldChange[$0]) }.count
        return Double(matches) / Double(genes.count)
    }

    /// `de_sig_genes_recall`: |real sig intersect pred sig| / |real sig|.
    static func recall(real: DETable, pred: DETable) -> Double? {
        guard !real.rankedSignificant.isEmpty else { return nil }
        let predicted = Set(pred.rankedSignificant)
        return Double(real.rankedSignificant.filter(predicted.contains).count) / Double(real.significantCount)
    }

    private static func sign(_ x: Float) -> Int { x > 0 ? 1 : (x < 0 ? -1 : 0) }
}
