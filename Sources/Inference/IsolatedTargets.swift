import Core
import Logging
import Model

extension LoadedRun {
    /// The ids among `ids` whose targets are isolated in the graph and not measured (docs/model.md: nothing to
    /// predict from). Refused unless `allow`; allowed ones are predicted as the train-mean delta and logged.
    public func isolatedIDs(_ ids: [Int], allow: Bool, logger: Logger) throws -> [Int] {
        let isolated = ids.filter { !isolatedTargets($0).isEmpty }
        if !isolated.isEmpty && !allow {
            let names = isolated.map { run.annotation.labels[$0] }.joined(separator: ", ")
            throw AdaPertError("\(names): target(s) isolated in the graph and not measured, so there is nothing to predict from; pass --allow-isolated to predict the train-mean delta for them")
        }
        for p in isolated { logger.warning("\(run.annotation.labels[p]): isolated target, predicted the train-mean delta") }
        return isolated
    }

    /// AdaPert's predictions for `ids` with the checkpoint's best parameters and validated responder threshold,
    /// and the deltas `predict` writes: the model's, or the train-mean delta for the `isolated` ids.
    public func modelPredictions(_ ids: [Int], isolated: [Int]) throws -> (predictions: [Prediction], deltas: [[Float]]) {
        let predictions = try model().predict(ids.map { (run.targetNodes[$0], run.priors[$0]!) },
                                              responderThreshold: Float(checkpoint.state.responderThreshold))
        let trainMean = trainMeanDelta
        let deltas = zip(ids, predictions).map { p, prediction in isolated.contains(p) ? trainMean : prediction.delta }
        return (predictions, deltas)
    }
}
