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
