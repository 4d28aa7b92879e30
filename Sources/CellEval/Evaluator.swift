/// The cells of one side (real or predicted): control cells and each perturbation's cells, aligned with the
/// labels passed alongside.
public struct EvaluationSide: Sendable {
    public let control: CellMatrix
    public let perturbations: [CellMatrix]

    public init(control: CellMatrix, perturbations: [CellMatrix]) {
        self.control = control
        self.perturbations = perturbations
    }

    /// P x G row-major means of the perturbations' cells.
    public func means() -> [Double] { perturbations.flatMap { $0.columnMeans() } }
}

/// The project's evaluator: cell-eval 0.8.2 (DE by pdex 0.3.0), reimplemented; see docs/metrics.md.
public enum Evaluator {
    public static let version = "0.8.2 (pdex 0.3.0), reimplemented"

    /// Scores every perturbation (on all cores). `labels` are the non-control perturbations; both sides hold
    /// their cells in that order, every group with at least one cell, all with `genes.count` columns.
    public static func evaluate(genes: [String], labels: [String], real: EvaluationSide,
                                pred: EvaluationSide) -> EvaluationResult {
        precondition(real.perturbations.count == labels.count && pred.perturbations.count == labels.count,
                     "one cell matrix per label on both sides")
        let context = EvaluationContext(genes: genes, labels: labels, realControl: real.control,
                                        predControl: pred.control, realMeans: real.means(),
                                        predMeans: pred.means())
        let rows = parallelMap(labels.count) { p in
            context.evaluate(p, real: real.perturbations[p], pred: pred.perturbations[p])
        }
        return EvaluationResult(rows: rows)
    }
}
