/// Floating-point operations of one training step (forward + backward) of a batch of P perturbations,
/// counted as multiply-adds x 2 in the ops that do arithmetic per element pair; elementwise work
/// (LayerNorm, ReLU, gates, losses, copies) is not counted. With R = P N rows, d hidden, L layers,
/// F features, E directed edges, G genes, D decoder width:
///
///   GEMMs (2 m n k each; backward = dW and dX, so twice the forward):
///     node input    E + F W_f          forward 2 N F d,            backward 2 N F d (dW_f only)
///     perturbation code MLP (2 layers) forward 2 * 2 P d^2,        backward 2 * 4 P d^2
///     edge context  a = x W_a, b = x W_b (gated only)
///                                      forward 2 * 2 R d^2,        backward 2 * 4 R d^2
///     propagation   [h; m] W_l         forward L * 2 R (2d) d,     backward L * 4 R (2d) d
///   Aggregation m[p, v] = sum_e g c h[p, u]:
///                                      forward L * 2 P E d,        backward L * 2 P E d (dh)
///                                                                    + L * 2 P E d (dg, gated only)
///   Edge scoring <a[p, u], b[p, v]> (gated only):
///                                      forward 2 P E d,            backward 4 P E d (da and db)
///   Per-gene decoders <w_i, o[p, i]> (effect, and the responder's when on):
///                                      forward 2 P G D each,       backward 4 P G D each (dw and do)
///
/// With gates on, F and the decoders small next to N d, this is about 36 P N d^2 (GEMMs) + (6 L + 6) P E d.
public struct StepCost: Sendable, Equatable {
    /// Dense matrix products.
    public var gemm: Int
    /// Sparse gated aggregation over the edges.
    public var aggregation: Int
    /// Bilinear edge scores.
    public var edgeScoring: Int
    /// Per-gene decoder dot products.
    public var decoder: Int

    public var total: Int { gemm + aggregation + edgeScoring + decoder }

    public init(gemm: Int, aggregation: Int, edgeScoring: Int, decoder: Int) {
        self.gemm = gemm
        self.aggregation = aggregation
        self.edgeScoring = edgeScoring
        self.decoder = decoder
    }

    /// The count above for a model config, graph and feature sizes, and a batch of P perturbations.
    public init(config c: ModelConfig, nodes n: Int, edges e: Int, features f: Int, genes g: Int, perturbations p: Int) {
        let d = c.hidden, layers = c.layers, rows = p * n, gated = c.ablation.gates != .none
        let decoderWidth = ParameterLayout.decoderWidth(c), decoders = c.ablation.responderGate ? 2 : 1
        let nodeInput = 2 * n * f * d * 2
        let code = 2 * (2 * p * d * d) * 3
        let context = gated ? 2 * (2 * rows * d * d) * 3 : 0
        let propagation = layers * (2 * rows * 2 * d * d) * 3
        gemm = nodeInput + code + context + propagation
        aggregation = layers * 2 * p * e * d * (gated ? 3 : 2)
        edgeScoring = gated ? 2 * p * e * d * 3 : 0
        decoder = decoders * 2 * p * g * decoderWidth * 3
    }
}

extension AdaPertModel {
    /// FLOPs of one `forwardBackward` of P perturbations on this model's graph (see `StepCost`).
    public func stepCost(perturbations: Int) -> StepCost {
        StepCost(config: config, nodes: context.graph.nodeCount, edges: context.graph.edgeCount,
                 features: context.featureCount, genes: context.geneCount, perturbations: perturbations)
    }
}
