/// Hyper-parameters, loss weights and ablation switches of model.md. Decodes from the run config's
/// `model` section (snake_case keys); every key is optional and defaults to model.md.
public struct ModelConfig: Codable, Sendable, Equatable {
    /// Hidden width d.
    public var hidden = 64
    /// Propagation layers L.
    public var layers = 2
    /// K: hop distances are capped at K + 1, so hop_bias has K + 2 entries.
    public var hopLimit = 3
    public var hardConcrete = HardConcrete()
    public var loss = LossWeights()
    public var ablation = Ablation()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case hidden, layers, hopLimit = "hop_limit", hardConcrete = "hard_concrete", loss, ablation
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ModelConfig()
        hidden = try c.decodeIfPresent(Int.self, forKey: .hidden) ?? d.hidden
        layers = try c.decodeIfPresent(Int.self, forKey: .layers) ?? d.layers
        hopLimit = try c.decodeIfPresent(Int.self, forKey: .hopLimit) ?? d.hopLimit
        hardConcrete = try c.decodeIfPresent(HardConcrete.self, forKey: .hardConcrete) ?? d.hardConcrete
        loss = try c.decodeIfPresent(LossWeights.self, forKey: .loss) ?? d.loss
        ablation = try c.decodeIfPresent(Ablation.self, forKey: .ablation) ?? d.ablation
    }

    /// Initialisation constants of model.md.
    public static let embeddingStd = 0.1
    public static let edgeBiasInit = -1.0
    public static let responderBiasInit = -2.0
}

/// L = L_eff + lambda_pi L_pi + lambda_G L_G + lambda_0 L_0 + lambda_dir L_dir, and the precision-weight
/// constants omega = 1 + alpha min(|t|, t_max) / t_max (the caller computes omega; kept here with the loss).
public struct LossWeights: Codable, Sendable, Equatable {
    public var alpha = 4.0
    public var tMax = 10.0
    public var responder = 0.5
    public var effectGate = 0.5
    public var l0 = 1e-2
    public var direction = 0.1
    public var kappa = 0.1

    public init() {}

    enum CodingKeys: String, CodingKey {
        case alpha, tMax = "t_max", responder = "lambda_pi", effectGate = "lambda_g", l0 = "lambda_0",
             direction = "lambda_dir", kappa
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = LossWeights()
        alpha = try c.decodeIfPresent(Double.self, forKey: .alpha) ?? d.alpha
        tMax = try c.decodeIfPresent(Double.self, forKey: .tMax) ?? d.tMax
        responder = try c.decodeIfPresent(Double.self, forKey: .responder) ?? d.responder
        effectGate = try c.decodeIfPresent(Double.self, forKey: .effectGate) ?? d.effectGate
        l0 = try c.decodeIfPresent(Double.self, forKey: .l0) ?? d.l0
        direction = try c.decodeIfPresent(Double.self, forKey: .direction) ?? d.direction
        kappa = try c.decodeIfPresent(Double.self, forKey: .kappa) ?? d.kappa
    }
}

/// The ablation switches of model.md (`graph: none` is the caller's: it passes a graph with no edges).
public struct Ablation: Codable, Sendable, Equatable {
    public enum Gates: String, Codable, Sendable { case hardconcrete, soft, none }
    public enum Prior: String, Codable, Sendable { case input, none }

    public var gates = Gates.hardconcrete
    public var responderGate = true
    /// Off means omega = 1; the caller computes omega, so this switch is read by the caller.
    public var adaptiveWeights = true
    public var hopBias = true
    public var prior = Prior.input
    public var effectGate = true
    public var selfKnockdown = true

    public init() {}

    enum CodingKeys: String, CodingKey {
        case gates, responderGate = "responder_gate", adaptiveWeights = "adaptive_weights", hopBias = "hop_bias",
             prior, effectGate = "effect_gate", selfKnockdown = "self_knockdown"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = Ablation()
        gates = try c.decodeIfPresent(Gates.self, forKey: .gates) ?? d.gates
        responderGate = try Self.decodeSwitch(c, .responderGate) ?? d.responderGate
        adaptiveWeights = try Self.decodeSwitch(c, .adaptiveWeights) ?? d.adaptiveWeights
        hopBias = try Self.decodeSwitch(c, .hopBias) ?? d.hopBias
        prior = try c.decodeIfPresent(Prior.self, forKey: .prior) ?? d.prior
        effectGate = try Self.decodeSwitch(c, .effectGate) ?? d.effectGate
        selfKnockdown = try Self.decodeSwitch(c, .selfKnockdown) ?? d.selfKnockdown
    }

    /// A switch written `on | off`, or as a boolean (YAML 1.1 readers turn a bare on/off into one).
    private static func decodeSwitch(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Bool? {
        if let flag = try? c.decodeIfPresent(Bool.self, forKey: key) { return flag }
        return try c.decodeIfPresent(Switch.self, forKey: key)?.isOn
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(gates, forKey: .gates)
        try c.encode(Switch(responderGate), forKey: .responderGate)
        try c.encode(Switch(adaptiveWeights), forKey: .adaptiveWeights)
        try c.encode(Switch(hopBias), forKey: .hopBias)
        try c.encode(prior, forKey: .prior)
        try c.encode(Switch(effectGate), forKey: .effectGate)
        try c.encode(Switch(selfKnockdown), forKey: .selfKnockdown)
    }

    /// model.md writes switches as `on | off`.
    enum Switch: String, Codable {
        case on, off
        init(_ on: Bool) { self = on ? .on : .off }
        var isOn: Bool { self == .on }
    }
}
