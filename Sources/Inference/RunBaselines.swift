import AnnData
import Model

/// The baselines of docs/model.md, fitted on a loaded run's training split (same data, genes and priors as the model).
public enum BaselineKind: String, CaseIterable, Sendable {
    case control
    case trainMean = "train-mean"
    case linear
    case graphKNN = "graph-knn"
    /// For double perturbations: the sum of the two singles' observed training deltas.
    case additive

    /// The baselines the report sets beside AdaPert on every screen (`additive` only means something for
    /// double perturbations, so it is run on its own: `adapert baseline additive`).
    public static let reported: [BaselineKind] = [.control, .trainMean, .linear, .graphKNN]
}

extension LoadedRun {
    /// T x G row-major observed mean deltas of the training perturbations, in `run.trainingIDs` order.
    public var trainingDeltas: [Float] {
        run.trainingIDs.flatMap { p in run.effects[p]!.observedDelta.map(Float.init) }
    }

    /// The mean observed delta of the training perturbations (the `train-mean` baseline).
    public var trainMeanDelta: [Float] {
        MeanBaselines.trainMean(trainDeltas: trainingDeltas, genes: run.genes.count)
    }

    /// Predicted mean deltas (G each) of `kind` for label ids `ids`:
    /// control 0; train-mean the mean training delta; graph-knn the graph prior r_p (docs/model.md step 5);
    /// linear the Ahlmann-Eltze model fitted on the training deltas; additive the sum over the label's targets of
    /// that target's single-perturbation training delta (0 for a target whose single did not train).
    public func baselineDeltas(_ kind: BaselineKind, ids: [Int]) -> [[Float]] {
        switch kind {
        case .control:
            return ids.map { _ in MeanBaselines.control(genes: run.genes.count) }
        case .trainMean:
            let mean = trainMeanDelta
            return ids.map { _ in mean }
        case .graphKNN:
            return ids.map { run.priors[$0]! }
        case .linear:
            let model = linearBaseline()
            return ids.map { model.predict(run.annotation.labels[$0], neighbours: graphNeighbours) }
        case .additive:
            let trainingSingle = Dictionary(run.trainingIDs.map { (run.annotation.labels[$0], $0) },
                                            uniquingKeysWith: { a, _ in a })
            return ids.map { additiveDelta($0, trainingSingle: trainingSingle) }
        }
    }

    /// Sum of the observed training deltas of the singles of label `p`'s targets (`trainingSingle`: training
    /// label -> id, built once per call of `baselineDeltas`).
    func additiveDelta(_ p: Int, trainingSingle: [String: Int]) -> [Float] {
        var sum = [Float](repeating: 0, count: run.genes.count)
        for target in PerturbationLabels.targets(of: run.annotation.labels[p]) {
            guard let single = trainingSingle[target] else { continue }
            for (i, delta) in run.effects[single]!.observedDelta.enumerated() { sum[i] += Float(delta) }
        }
        return sum
    }

    /// The linear baseline on this run's training split: gene embedding A = top-10 PCA scores of the training
    /// pseudobulk M = x_ctrl + dbar_p (G x T, genes as observations), Y = the training deltas.
    public func linearBaseline(components: Int = 10) -> LinearBaseline {
        let g = run.genes.count, ids = run.trainingIDs, t = ids.count
        let deltas = trainingDeltas
        var m = [Double](repeating: 0, count: g * t)  // G x T
        for p in 0..<t { for i in 0..<g { m[i * t + p] = Double(run.context.controlMean[i]) + Double(deltas[p * g + i]) } }
        let columnSums = (0..<t).map { p in (0..<g).reduce(0.0) { $0 + m[$1 * t + p] } }
        let pca = PCALoadings(count: Double(g), sum: columnSums,
                              crossProduct: Dense.gram(m, rows: g, columns: t, ridge: 0), components: components)
        let k = pca.componentCount
        let scores = LinearBaseline.pcaScores(pseudobulk: m, genes: g, loadings: pca.loadings, components: k)
        return LinearBaseline(genes: run.genes, trainLabels: ids.map { run.annotation.labels[$0] }, trainDeltas: deltas,
                              geneEmbedding: scores, components: k, neighbours: graphNeighbours)
    }

    /// The names of a node's neighbours in the run's graph (empty for a symbol that is not a node).
    public func graphNeighbours(_ symbol: String) -> [String] {
        let graph = run.context.graph
        guard let node = graph.nodeNames.firstIndex(of: symbol) else { return [] }
        return graph.sources[graph.inOffsets[node]..<graph.inOffsets[node + 1]].map { graph.nodeNames[Int($0)] }
    }
}
