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
    /// 1 if p has >= 5 training DEGs.
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

/// Global counts over the whole batch (all ranks), so that every rank divides by the same normaliser.
public struct BatchNormaliser: Sendable, Equatable {
    public var perturbations: Int
    /// Number of (p, i) in the global batch with y_ip = 1 (the direction loss's denominator).
    public var responderPositives: Int
    public init(perturbations: Int, responderPositives: Int) {
        self.perturbations = perturbations
        self.responderPositives = responderPositives
    }
    /// The normaliser of a batch held entirely by this process.
    public init(_ examples: [PerturbationExample]) {
        self.init(perturbations: examples.count,
                  responderPositives: examples.reduce(0) { $0 + $1.responderLabel.filter { $0 > 0.5 }.count })
    }
}

/// Loss terms, each already divided by the global normaliser, so they add across ranks.
/// The parts are unweighted; total = effect + lambda_pi responder + lambda_G effectGate + lambda_0 l0 + lambda_dir direction.
public struct LossBreakdown: Sendable, Equatable {
    public var effect = 0.0, responder = 0.0, effectGate = 0.0, l0 = 0.0, direction = 0.0, total = 0.0
    public init() {}
    public static func + (a: LossBreakdown, b: LossBreakdown) -> LossBreakdown {
        var s = LossBreakdown()
        s.effect = a.effect + b.effect; s.responder = a.responder + b.responder
        s.effectGate = a.effectGate + b.effectGate; s.l0 = a.l0 + b.l0
        s.direction = a.direction + b.direction; s.total = a.total + b.total
        return s
    }
    /// [effect, responder, effectGate, l0, direction, total]: a flat form for one allreduce.
    public var components: [Double] { [effect, responder, effectGate, l0, direction, total] }
    public init(components c: [Double]) {
        precondition(c.count == 6, "LossBreakdown has 6 components")
        (effect, responder, effectGate, l0, direction, total) = (c[0], c[1], c[2], c[3], c[4], c[5])
    }
}

/// Inference output for one perturbation.
public struct Prediction: Sendable {
    /// delta_i(p), G: predicted mean minus x_ctrl (exact zeros where a gate is closed).
    public var delta: [Float]
    /// P_open_i = sigmoid(q_i - tau log(-gamma/zeta)), G (all 1 with responder_gate off).
    public var responderProbability: [Float]
    /// P_open of the effect gate (1 with effect_gate off).
    public var effectGateProbability: Float
    /// Deterministic edge gate of every directed edge, in the graph's in-edge CSR order (all 1 with gates none).
    public var edgeGates: [Float]

    /// One directed edge of the perturbation-specific subgraph.
    public struct GatedEdge: Sendable, Equatable {
        public var source: Int, target: Int, gate: Float
    }

    /// The (source, target, gate) list of edges whose gate exceeds `minimumGate` (for `adapert subgraph`).
    public func edges(in graph: GeneGraph, minimumGate: Float = 0) -> [GatedEdge] {
        precondition(edgeGates.count == graph.edgeCount, "prediction was made on a different graph")
        var out: [GatedEdge] = []
        for v in 0..<graph.nodeCount {
            for e in graph.inOffsets[v]..<graph.inOffsets[v + 1] where edgeGates[e] > minimumGate {
                out.append(GatedEdge(source: Int(graph.sources[e]), target: v, gate: edgeGates[e]))
            }
        }
        return out
    }
}
