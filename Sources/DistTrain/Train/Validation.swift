import CellEval
import Model

/// The validation score of docs/model.md ("Training"): on the validation perturbations' predicted cells, with
/// the project's own evaluator, score = mean DES (overlap_at_N) - 0.05 x mean |log2((predicted DEGs + 1) /
/// (real DEGs + 1))|; MSE on the top-20 DEGs is reported beside it. Each rank scores the validation
/// perturbations whose cells it holds; the sums are reduced, so every rank gets the same score.
public struct Validation {
    /// Candidate responder thresholds t (docs/model.md step 6: chosen on validation to maximise DEG F1).
    static let thresholds: [Float] = stride(from: 0.05, through: 0.95, by: 0.05).map { Float($0) }

    let run: PreparedRun
    let ids: [Int]
    let control: CellMatrix
    let effects: [Int: PerturbationEffects]
    let seed: UInt64

    public init(run: PreparedRun, control: CellMatrix, seed: UInt64) {
        self.run = run
        self.ids = run.ids(run.split.val)
        self.control = control
        self.seed = seed
        let controlStats = run.preprocessing.groups.statistics(group: run.annotation.controlIndex)
        var effects: [Int: PerturbationEffects] = [:]
        for p in ids {
            effects[p] = PerturbationEffects(perturbation: run.preprocessing.groups.statistics(group: p), control: controlStats)
        }
        self.effects = effects
    }

    public func evaluate(_ model: AdaPertNetwork, comm: some Communicator) throws -> Score {
        let queries = ids.map { (targets: run.targetNodes[$0], prior: run.priors[$0]) }
        let threshold = chooseThreshold(model.predict(queries))
        let predictions = model.predict(queries, responderThreshold: threshold)
        let g = run.genes.count
        var predicted: [Int: CellMatrix] = [:]
        var predMeans = [Double](repeating: 0, count: ids.count * g)
        var realMeans = [Double](repeating: 0, count: ids.count * g)
        for (k, p) in ids.enumerated() {
            realMeans.replaceSubrange((k * g)..<((k + 1) * g), with: run.preprocessing.groups.statistics(group: p).mean())
            guard run.shardPlan.owner[p] == comm.rank else { continue }
            let cells = PredictedCells.sample(control: control, delta: predictions[k].delta,
                                              count: run.shard.cellCount(of: Int32(p)), seed: seed,
                                              perturbation: CounterHash.key(run.annotation.labels[p]))
            predMeans.replaceSubrange((k * g)..<((k + 1) * g), with: cells.columnMeans())
            predicted[p] = cells
        }
        try comm.allreduceSum(&predMeans)
        let context = EvaluationContext(genes: run.genes, labels: ids.map { run.annotation.labels[$0] },
                                        realControl: control, predControl: control,
                                        realMeans: realMeans, predMeans: predMeans)
        // Each perturbation's row of terms is filled by its owner only, so the allreduce copies it exactly and
        // every rank adds the rows in the same order: the score does not depend on the world size.
        let w = Sums.width
        var rows = [Double](repeating: 0, count: ids.count * w)
        for (k, p) in ids.enumerated() where run.shardPlan.owner[p] == comm.rank {
            let real = CellMatrix(rows: run.shard.cellCount(of: Int32(p)), columns: g,
                                  values: run.shard.denseCells(of: Int32(p)))
            rows.replaceSubrange((k * w)..<((k + 1) * w), with: Sums.terms(of: context.evaluate(k, real: real, pred: predicted[p]!)))
        }
        try comm.allreduceSum(&rows)
        var sums = Sums()
        for k in ids.indices { sums.add(rows[(k * w)..<((k + 1) * w)]) }
        return sums.score(count: ids.count, responderThreshold: Double(threshold))
    }

    /// The t maximising F1 of 1[P_open > t] against the validation perturbations' Welch DEG labels
    /// (ties: the lower t); 0.5 when no validation perturbation has a DEG.
    func chooseThreshold(_ predictions: [Prediction]) -> Float {
        var best: (f1: Double, t: Float) = (-1, 0.5)
        for t in Self.thresholds {
            var tp = 0.0, fp = 0.0, fn = 0.0
            for (k, p) in ids.enumerated() {
                for (open, isDEG) in zip(predictions[k].responderProbability, effects[p]!.isDEG) {
                    let called = open > t
                    if called && isDEG { tp += 1 } else if called { fp += 1 } else if isDEG { fn += 1 }
                }
            }
            guard tp + fn > 0 else { return 0.5 }
            let f1 = 2 * tp / max(2 * tp + fp + fn, 1)
            if f1 > best.f1 { best = (f1, t) }
        }
        return best.t
    }
}
