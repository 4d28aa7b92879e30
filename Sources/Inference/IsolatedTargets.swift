import Core
import Logging
import Model

extension LoadedRun {
    /// The ids among `ids` with a target isolated in the graph, not measured and never trained on (docs/model.md:
    /// nothing to predict from). Refused unless `allow`; allowed ones are predicted as the train-mean delta and
    /// logged.
    public func isolatedIDs(_ ids: [Int], allow: Bool, logger: Logger) throws -> [Int] {
        let trained = trainedTargetNodes
        let isolated = ids.filter { !isolatedTargets($0, trained: trained).isEmpty }
        if !isolated.isEmpty && !allow {
            let names = isolated.map { run.annotation.labels[$0] }.joined(separator: ", ")
            throw AdaPertError("\(names): target(s) isolated in the graph, not measured and not in the training split, so there is nothing to predict from; pass --allow-isolated to predict the train-mean delta for them")
        }
        for p in isolated { logger.warning("\(run.annotation.labels[p]): isolated target, predicted the train-mean delta") }
        return isolated
    }

    /// AdaPert's predictions for `ids` with the checkpoint's best parameters and validated responder threshold,
    /// and the deltas `predict` writes: the model's, or the train-mean delta (`trainMean`, by default this
    /// process's) for the `isolated` ids. One perturbation per inference pass, as validation runs them: a pass
    /// over several rounds differently with their number (BLAS blocks rows by the batch's size), and under
    /// mpirun each rank predicts its own perturbations, so only single passes give the same bits on any
    /// number of ranks.
    public func modelPredictions(_ ids: [Int], isolated: [Int], trainMean: [Float]? = nil) throws
        -> (predictions: [Prediction], deltas: [[Float]])
    {
        let model = try model(), threshold = Float(checkpoint.state.responderThreshold)
        let predictions = ids.flatMap { model.predict([(run.targetNodes[$0], run.priors[$0]!)], responderThreshold: threshold) }
        let trainMean = isolated.isEmpty ? [] : trainMean ?? trainMeanDelta
        let deltas = zip(ids, predictions).map { p, prediction in isolated.contains(p) ? trainMean : prediction.delta }
        return (predictions, deltas)
    }
}
