/// The data ceiling as cell-eval 0.8.2 `compute_ceiling` defines it: each group's real cells (control included)
/// are shuffled and split into two disjoint halves of floor(n/2) cells (an odd cell left out; groups with
/// fewer than 2 cells dropped), DE is recomputed on each half, half A is scored as "real" against half B as
/// "pred", and the per-metric mean over perturbations r is mapped to full depth by Spearman-Brown,
/// 2r / (1 + r), for the reliability metrics (`MetricName.hasCeiling`) where r > 0; NaN otherwise.
///
/// The shuffle is this project's counter-based one (keyed by seed, label and cell index), not numpy's
/// PCG64 permutation, so a ceiling equals cell-eval's in distribution, not cell for cell.
public enum Ceiling {
    public struct Result: Sendable {
        /// Raw half-depth scores per perturbation (cell-eval's ceiling_results.csv).
        public let halfDepth: EvaluationResult
        /// Spearman-Brown corrected mean per metric (agg_ceiling_results.csv), NaN where there is no ceiling.
        public let ceiling: [MetricName: Double]
    }

    public static func evaluate(genes: [String], labels: [String], real: EvaluationSide, seed: UInt64) -> Result {
        let (controlA, controlB) = halves(real.control, label: "\u{0}control", seed: seed)
        var kept = [String](), sideA = [CellMatrix](), sideB = [CellMatrix]()
        for (label, cells) in zip(labels, real.perturbations) where cells.rows >= 2 {
            let (a, b) = halves(cells, label: label, seed: seed)
            kept.append(label)
            sideA.append(a)
            sideB.append(b)
        }
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

    /// Two disjoint halves of floor(n/2) cells of a seeded permutation.
    static func halves(_ cells: CellMatrix, label: String, seed: UInt64) -> (CellMatrix, CellMatrix) {
        let key = CounterHash.key(label)
        let draws: [UInt64] = (0..<cells.rows).map { CounterHash.bits(seed, key, UInt64($0)) }
        let order: [Int] = draws.indices.sorted { (a: Int, b: Int) -> Bool in
            draws[a] < draws[b] || (draws[a] == draws[b] && a < b)
        }
        let h = cells.rows / 2
        return (cells.selectingRows(Array(order[0..<h])), cells.selectingRows(Array(order[h..<(2 * h)])))
    }
}
