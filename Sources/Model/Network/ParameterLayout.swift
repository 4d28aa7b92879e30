/// Names, shapes and kinds of every parameter for a config (ablations drop the parameters they do not use),
/// and their offsets in the flat buffer. Weight matrices are [in, out] row-major: y = x W.
struct ParameterLayout {
    struct PropagationLayer { let weight, bias, gain, normBias: Int }

    let embedding, featureWeight, inputGain, inputBias: Int
    let codeHiddenWeight, codeHiddenBias, codeOutputWeight, codeOutputBias: Int
    /// Edge-scoring parameters (nil with gates none): W_a, W_b, beta, hop_bias.
    let sourceWeight, targetWeight, logWeightScale, hopBias: Int?
    let layers: [PropagationLayer]
    let effectWeight, effectBias: Int
    let responderWeight, responderBias: Int?
    let effectGateWeight, effectGateBias: Int?
    let selfKnockdown: Int?

    /// Decoder input width D: d, plus r and |r| with prior: input.
    static func decoderWidth(_ config: ModelConfig) -> Int {
        config.hidden + (config.ablation.prior == .input ? 2 : 0)
    }

    /// Effect-gate input width: z_p, plus log10(mean |r| + 1e-6) with prior: input.
    static func effectGateWidth(_ config: ModelConfig) -> Int {
        config.hidden + (config.ablation.prior == .input ? 1 : 0)
    }

    /// hop_bias has K + 2 entries; with hop_bias off a single shared edge-logit bias remains.
    static func hopBiasCount(_ config: ModelConfig) -> Int {
        config.ablation.hopBias ? config.hopLimit + 2 : 1
    }

    static func specs(config c: ModelConfig, nodes n: Int, features f: Int, genes g: Int)
        -> [(name: String, shape: [Int], kind: ParameterKind)]
    {
        let d = c.hidden, dd = decoderWidth(c)
        var s: [(name: String, shape: [Int], kind: ParameterKind)] = [
            ("input.embedding", [n, d], .embedding),
            ("input.feature.weight", [f, d], .weight),
            ("input.norm.gain", [d], .normalisation),
            ("input.norm.bias", [d], .normalisation),
            ("code.hidden.weight", [d, d], .weight),
            ("code.hidden.bias", [d], .bias),
            ("code.output.weight", [d, d], .weight),
            ("code.output.bias", [d], .bias),
        ]
        if c.ablation.gates != .none {
            s += [("context.source.weight", [d, d], .weight),
                  ("context.target.weight", [d, d], .weight),
                  ("context.log_weight_scale", [1], .bias),
                  ("context.hop_bias", [hopBiasCount(c)], .bias)]
        }
        for l in 0..<c.layers {
            s += [("propagation.\(l).weight", [2 * d, d], .weight),
                  ("propagation.\(l).bias", [d], .bias),
                  ("propagation.\(l).norm.gain", [d], .normalisation),
                  ("propagation.\(l).norm.bias", [d], .normalisation)]
        }
        s += [("decoder.effect.weight", [g, dd], .weight), ("decoder.effect.bias", [g], .bias)]
        if c.ablation.responderGate {
            s += [("decoder.responder.weight", [g, dd], .weight), ("decoder.responder.bias", [g], .bias)]
        }
        if c.ablation.effectGate {
            s += [("effect_gate.weight", [effectGateWidth(c)], .weight), ("effect_gate.bias", [1], .bias)]
        }
        if c.ablation.selfKnockdown { s.append(("self_knockdown.shift", [1], .bias)) }
        return s
    }

    init<T>(store: ParameterBuffer<T>, config c: ModelConfig) {
        func at(_ name: String) -> Int { store.slot(name).offset }
        func optional(_ name: String) -> Int? { store.contains(name) ? at(name) : nil }
        embedding = at("input.embedding"); featureWeight = at("input.feature.weight")
        inputGain = at("input.norm.gain"); inputBias = at("input.norm.bias")
        codeHiddenWeight = at("code.hidden.weight"); codeHiddenBias = at("code.hidden.bias")
        codeOutputWeight = at("code.output.weight"); codeOutputBias = at("code.output.bias")
        sourceWeight = optional("context.source.weight"); targetWeight = optional("context.target.weight")
        logWeightScale = optional("context.log_weight_scale"); hopBias = optional("context.hop_bias")
        layers = (0..<c.layers).map { l in
            PropagationLayer(weight: at("propagation.\(l).weight"), bias: at("propagation.\(l).bias"),
                             gain: at("propagation.\(l).norm.gain"), normBias: at("propagation.\(l).norm.bias"))
        }
        effectWeight = at("decoder.effect.weight"); effectBias = at("decoder.effect.bias")
        responderWeight = optional("decoder.responder.weight"); responderBias = optional("decoder.responder.bias")
        effectGateWeight = optional("effect_gate.weight"); effectGateBias = optional("effect_gate.bias")
        selfKnockdown = optional("self_knockdown.shift")
    }

    /// Initial standard deviation of a weight: 1/sqrt(fan in), 0.1/sqrt(D) for the per-gene decoders
    /// (initial effects start small), 0.1 for the embedding (docs/model.md: features lead for unseen targets).
    static func initialStd(_ slot: ParameterSlot) -> Double {
        if slot.kind == .embedding { return ModelConfig.embeddingStd }
        if slot.name.hasPrefix("decoder.") { return 0.1 / Double(slot.shape[1]).squareRoot() }
        return 1 / Double(slot.shape[0]).squareRoot()
    }

    /// With prior: input, two decoder weights per gene are set after the random draw so that training starts
    /// from the graph prior (the graph-knn baseline) and learns corrections to it:
    /// - the effect decoder's weight on r (column d of `decoder.effect.weight`) is 1: mu_{p,i} starts at r_{p,i}
    ///   plus small random terms;
    /// - the responder's weight on |r| (column d + 1 of `decoder.responder.weight`) is
    ///   `ModelConfig.responderPriorWeightInit` (4): with the bias -2 and shift -1.599, a responder gate starts
    ///   open (sigma(q - shift) > 0.5) where the prior moves its gene by more than about 0.1 log1p units.
    static func initialisePriorWeights<T>(_ store: ParameterBuffer<T>, config c: ModelConfig) {
        guard c.ablation.prior == .input else { return }
        let effect = store.slot("decoder.effect.weight"), width = effect.shape[1]
        for gene in 0..<effect.shape[0] { store.parameters[effect.offset + gene * width + c.hidden] = 1 }
        guard store.contains("decoder.responder.weight") else { return }
        let responder = store.slot("decoder.responder.weight")
        for gene in 0..<responder.shape[0] {
            store.parameters[responder.offset + gene * width + c.hidden + 1] = T(ModelConfig.responderPriorWeightInit)
        }
    }

    /// Constant initial values: LayerNorm gain 1, beta 1, hop_bias -1 (edge gates start closing),
    /// responder bias -2 (responder gates start mostly closed), s_self from the data, all other biases 0.
    static func initialConstant(_ slot: ParameterSlot, selfKnockdownInit: Float) -> Double {
        switch slot.name {
        case let n where n.hasSuffix("norm.gain"): return 1
        case "context.log_weight_scale": return 1
        case "context.hop_bias": return ModelConfig.edgeBiasInit
        case "decoder.responder.bias": return ModelConfig.responderBiasInit
        case "self_knockdown.shift": return Double(selfKnockdownInit)
        default: return 0
        }
    }
}
