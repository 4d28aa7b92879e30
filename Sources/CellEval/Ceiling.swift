import AnnData
import Core

/// The data ceiling as cell-eval 0.8.2 `compute_ceiling` defines it: each group's real cells (control included)
/// are shuffled and split into two disjoint halves of floor(n/2) cells (an odd cell left out; groups with
/// fewer than 2 cells dropped), DE is recomputed on each half, half A is scored as "real" against half B as
/// "pred", and the per-metric mean over perturbations r is mapped to full depth by Spearman-Brown,
/// 2r / (1 + r), for the reliability metrics (`MetricName.hasCeiling`) where r > 0; NaN otherwise.
///
/// The split is cell-eval's own: one `numpy.random.default_rng(seed)` permutes each group's cells in turn, groups
/// (control included) in label order (pandas groupby over sorted categories), so the same seed gives the same
/// halves, cell for cell, as `cell-eval run --ceiling --ceiling-seed SEED`.
public enum Ceiling {
    public struct Result: Sendable {
        /// Raw half-depth scores per perturbation (cell-eval's ceiling_results.csv).
        public let halfDepth: EvaluationResult
        /// Spearman-Brown corrected mean per metric (agg_ceiling_results.csv), NaN where there is no ceiling.
        public let ceiling: [MetricName: Double]
    }

    public static func evaluate(genes: [String], labels: [String], real: EvaluationSide, seed: UInt64,
                                controlLabel: String = PerturbationLabels.control) throws -> Result {
        var groups = Dictionary(uniqueKeysWithValues: zip(labels, real.perturbations))
        groups[controlLabel] = real.control
        var generator = NumpyGenerator(seed: seed)
        var halves = [String: (CellMatrix, CellMatrix)]()
        for label in groups.keys.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }) {
            let cells = groups[label]!
            let order = generator.permutation(Array(0..<cells.rows))
            let h = cells.rows / 2
            guard h >= 1 else { continue }
            halves[label] = (cells.selectingRows(Array(order[0..<h])), cells.selectingRows(Array(order[h..<(2 * h)])))
        }
        let kept = labels.filter { halves[$0] != nil }
        guard let (controlA, controlB) = halves[controlLabel] else {
            throw AdaPertError("the real data has fewer than 2 control cells; the ceiling needs two disjoint halves of them")
        }
        let sideA = kept.map { halves[$0]!.0 }, sideB = kept.map { halves[$0]!.1 }
        let halfDepth = Evaluator.evaluate(genes: genes, labels: kept,
                                           real: EvaluationSide(control: controlA, perturbations: sideA),
                                           pred: EvaluationSide(control: controlB, perturbations: sideB))
        let means = halfDepth.means()
        let ceiling = Dictionary(uniqueKeysWithValues: MetricName.allCases.map { metric -> (MetricName, Double) in
            guard metric.hasCeiling, let r = means[metric] ?? nil, r > 0 else { return (metric, .nan) }
            return (metric, spearmanBrown(r))
        })
        return Result(halfDepth: halfDepth, ceiling: ceiling)
    }

    /// Reliability of a test of doubled length: 2r / (1 + r).
    public static func spearmanBrown(_ r: Double) -> Double { 2 * r / (1 + r) }
}
