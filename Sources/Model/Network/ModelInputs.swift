/// Static data of one run, fixed for all steps.
public struct ModelContext: Sendable {
    /// N nodes, in-edge CSR (pass a graph with no edges for `graph: none`).
    public var graph: GeneGraph
    /// N x F row-major node features (F = 48: 32 PCA loadings + 16 spectral), fixed.
    public var nodeFeatures: [Float]
    public var featureCount: Int
    /// G entries: the node index of measured gene i.
    public var geneNodes: [Int]
    /// x_ctrl: mean log1p expression of all control cells, G.
    public var controlMean: [Float]
    /// Initial s_self: median observed delta of the training perturbations' own measured targets.
    public var selfKnockdownInit: Float

    public init(graph: GeneGraph, nodeFeatures: [Float], featureCount: Int, geneNodes: [Int],
                controlMean: [Float], selfKnockdownInit: Float) {
        precondition(nodeFeatures.count == graph.nodeCount * featureCount, "nodeFeatures must be N x F")
        precondition(controlMean.count == geneNodes.count, "controlMean must have one entry per measured gene")
        precondition(geneNodes.allSatisfy { (0..<graph.nodeCount).contains($0) }, "geneNodes must be node indices")
        self.graph = graph
        self.nodeFeatures = nodeFeatures
        self.featureCount = featureCount
        self.geneNodes = geneNodes
        self.controlMean = controlMean
        self.selfKnockdownInit = selfKnockdownInit
    }

    public var geneCount: Int { geneNodes.count }
}

/// One perturbation of a training batch with the sufficient statistics its loss needs. Arrays have G entries.
public struct PerturbationExample: Sendable {
    /// Stable perturbation id: keys the counter RNG, so noise does not depend on the rank.
    public var id: Int
    /// Target node indices (1 or 2).
    public var targets: [Int]
    /// n_p sampled cells (informational: the loss uses the pseudobulk form).
    public var cellCount: Int
    /// ybar_ip: mean log1p expression of the sampled cells.
    public var meanExpression: [Float]
    /// omega_ip (all 1 when adaptive_weights is off).
    public var precisionWeight: [Float]
    /// y_ip in {0, 1}: training DEG label.
    public var responderLabel: [Float]
    /// dbar_ip: observed mean delta (its sign drives the direction loss).
    public var observedDelta: [Float]
    /// r_ip: the graph prior (p left out of its own prior).
    public var prior: [Float]
    /// 1 if p has at least `LossWeights.effectMinDEGs` training DEGs (default 5).
    public var effectLabel: Float

    public init(id: Int, targets: [Int], cellCount: Int, meanExpression: [Float], precisionWeight: [Float],
                responderLabel: [Float], observedDelta: [Float], prior: [Float], effectLabel: Float) {
        self.id = id
        self.targets = targets
        self.cellCount = cellCount
        self.meanExpression = meanExpression
        self.precisionWeight = precisionWeight
        self.responderLabel = responderLabel
        self.observedDelta = observedDelta
        self.prior = prior
        self.effectLabel = effectLabel
    }
}
