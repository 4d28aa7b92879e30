import Inference

extension LoadedRun {
    /// The subgraph learned for `label` (canonicalised): one inference pass with the best parameters.
    public func learnedSubgraph(_ label: String, minimumGate: Float) throws -> LearnedSubgraph {
        let p = try perturbationIDs(split: "all", list: label)[0]
        let prediction = try modelPredictions([p], isolated: []).predictions[0]
        return LearnedSubgraph(label: run.annotation.labels[p], prediction: prediction, graph: run.context.graph,
                               targetNodes: run.targetNodes[p], minimumGate: minimumGate)
    }
}
