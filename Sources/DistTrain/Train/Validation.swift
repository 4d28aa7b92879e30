import CellEval
import Model

/// The validation score of docs/model.md ("Training"): on the validation perturbations' predicted cells, with
/// the project's own evaluator, score = mean DES (overlap_at_N) - 0.05 x mean |log2((predicted DEGs + 1) /
/// (real DEGs + 1))|; MSE on the top-20 DEGs is reported beside it. Each rank predicts and scores the
/// validation perturbations it owns (their cells, statistics and priors are on it); the threshold search's
/// counts, the means and the score terms are reduced, so every rank gets the same score on any number of ranks.
public struct Validation {
    /// Candidate responder thresholds t (docs/model.md step 6: chosen on validation to maximise DEG F1).
    static let thresholds: [Float] = stride(from: 0.05, through: 0.95, by: 0.05).map { Float($0) }

    let run: PreparedRun
    /// Every validation label id, in label order.
    let ids: [Int]
    /// (position in `ids`, label id) of the validation labels this rank owns.
    let owned: [(k: Int, p: Int)]
    let control: CellMatrix
    /// The owned validation labels' effects (their DEG labels).
    let effects: [Int: PerturbationEffects]
    let seed: UInt64

    public init(run: PreparedRun, control: CellMatrix, seed: UInt64) {
        self.run = run
        self.ids = run.ids(run.split.val)
        self.owned = ids.enumerated().filter { run.owns($0.element) }.map { (k: $0.offset, p: $0.element) }
        self.control = control
        self.seed = seed
        var effects: [Int: PerturbationEffects] = [:]
        for (_, p) in owned {
            effects[p] = PerturbationEffects(perturbation: run.validationStatistics[p]!, control: run.controlStatistics)
        }
        self.effects = effects
    }

    public func evaluate(_ model: AdaPertNetwork, comm: some Communicator) throws -> Score {
        // One perturbation per inference pass: a pass over several rounds differently with their number (BLAS
        // blocks the rows by the batch's size), and which perturbations share a rank depends on the world size.
        let queries = owned.map { (targets: run.targetNodes[$0.p], prior: run.priors[$0.p]!) }
        let predictEach = { (threshold: Float) in queries.flatMap { model.predict([$0], responderThreshold: threshold) } }
        let threshold = try chooseThreshold(predictEach(0.5), comm: comm)
        let predictions = predictEach(threshold)
        let g = run.genes.count
        var predicted: [Int: CellMatrix] = [:]
        var predRows = [[Double]?](repeating: nil, count: ids.count)
        var realRows = [[Double]?](repeating: nil, count: ids.count)
        for (i, (k, p)) in owned.enumerated() {
            realRows[k] = run.validationStatistics[p]!.mean()
            let cells = PredictedCells.sample(control: control, delta: predictions[i].delta,
                                              count: run.shard.cellCount(of: Int32(p)), seed: seed,
                                              perturbation: CounterHash.key(run.annotation.labels[p]))
            predRows[k] = cells.columnMeans()
            predicted[p] = cells
        }
        // Each row is given by its owner only, so the gather copies it exactly.
        let context = EvaluationContext(genes: run.genes, labels: ids.map { run.annotation.labels[$0] },
                                        realControl: control, predControl: control,
                                        realMeans: try PreparedRun.gatherRows(realRows, width: g, comm: comm).flatMap { $0 },
                                        predMeans: try PreparedRun.gatherRows(predRows, width: g, comm: comm).flatMap { $0 })
        // Each perturbation's row of terms comes from its owner, and every rank adds the rows in the same
        // order: the score does not depend on the world size.
        var terms = [[Double]?](repeating: nil, count: ids.count)
        for (k, p) in owned {
            let real = CellMatrix(rows: run.shard.cellCount(of: Int32(p)), columns: g,
                                  values: run.shard.denseCells(of: Int32(p)))
            terms[k] = Sums.terms(of: context.evaluate(k, real: real, pred: predicted[p]!))
        }
        var sums = Sums()
        for row in try PreparedRun.gatherRows(terms, width: Sums.width, comm: comm) { sums.add(row[...]) }
        return sums.score(count: ids.count, responderThreshold: Double(threshold))
    }

    /// The t maximising F1 of 1[P_open > t] against the validation perturbations' Welch DEG labels
    /// (ties: the lower t); 0.5 when no validation perturbation has a DEG. `predictions` are the owned
    /// perturbations'; the true/false positive and false negative counts are summed over ranks.
    func chooseThreshold(_ predictions: [Prediction], comm: some Communicator) throws -> Float {
        var counts = [Double](repeating: 0, count: 3 * Self.thresholds.count)
        for (ti, t) in Self.thresholds.enumerated() {
            for (i, (_, p)) in owned.enumerated() {
                for (open, isDEG) in zip(predictions[i].responderProbability, effects[p]!.isDEG) {
                    let called = open > t
                    if called && isDEG { counts[3 * ti] += 1 } else if called { counts[3 * ti + 1] += 1 } else if isDEG { counts[3 * ti + 2] += 1 }
                }
            }
        }
        try comm.allreduceSum(&counts)
        var best: (f1: Double, t: Float) = (-1, 0.5)
        for (ti, t) in Self.thresholds.enumerated() {
            let tp = counts[3 * ti], fp = counts[3 * ti + 1], fn = counts[3 * ti + 2]
            guard tp + fn > 0 else { return 0.5 }
            let f1 = 2 * tp / max(2 * tp + fp + fn, 1)
            if f1 > best.f1 { best = (f1, t) }
        }
        return best.t
    }
}
