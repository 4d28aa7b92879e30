/// Hyper-parameters, loss weights and ablation switches of docs/model.md, with its defaults. Decodes from the
/// run config's `model` section (snake_case keys) once the run config has filled every missing key from
/// these defaults (`RunConfigLoader.decode`), so decoding itself needs every key.
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

    /// Initialisation constants of docs/model.md.
    public static let embeddingStd = 0.1
    public static let edgeBiasInit = -1.0
    public static let responderBiasInit = -2.0
    /// The responder's initial weight on |r| (`ParameterLayout.initialisePriorWeights`).
    public static let responderPriorWeightInit = 4.0
}

/// L = L_eff + lambda_pi L_pi + lambda_G L_G + lambda_0 L_0 + lambda_dir L_dir, and the precision-weight
/// constants omega = 1 + alpha min(|t|, t_max) / t_max (the caller computes omega; kept here with the loss,
/// defaulting to `PrecisionWeights.modelDefault`).
public struct LossWeights: Codable, Sendable, Equatable {
    public var alpha = PrecisionWeights.modelDefault.alpha
    public var tMax = PrecisionWeights.modelDefault.tMax
    public var responder = 0.5
    public var effectGate = 0.5
    public var l0 = 1e-2
    public var direction = 0.1
    public var kappa = 0.1
    /// The effect gate's label: 1 for a training perturbation with at least this many DEGs.
    public var effectMinDEGs = 5

    public init() {}

    enum CodingKeys: String, CodingKey {
        case alpha, tMax = "t_max", responder = "lambda_pi", effectGate = "lambda_g", l0 = "lambda_0",
             direction = "lambda_dir", kappa, effectMinDEGs = "effect_min_degs"
    }
}

/// The ablation switches of docs/model.md (`graph: none` is the caller's: it passes a graph with no edges).
public struct Ablation: Codable, Sendable, Equatable {
    public enum Gates: String, ConfigChoice, Sendable { case hardconcrete, soft, none }
    public enum Prior: String, ConfigChoice, Sendable { case input, none }

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
        gates = try c.decode(Gates.self, forKey: .gates)
        responderGate = try Self.decodeSwitch(c, .responderGate)
        adaptiveWeights = try Self.decodeSwitch(c, .adaptiveWeights)
        hopBias = try Self.decodeSwitch(c, .hopBias)
        prior = try c.decode(Prior.self, forKey: .prior)
        effectGate = try Self.decodeSwitch(c, .effectGate)
        selfKnockdown = try Self.decodeSwitch(c, .selfKnockdown)
    }

    /// A switch written `on | off`, or as a boolean (YAML 1.1 readers turn a bare on/off into one).
    private static func decodeSwitch(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Bool {
        if let flag = try? c.decode(Bool.self, forKey: key) { return flag }
        return try c.decode(Switch.self, forKey: key).isOn
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

    /// docs/model.md writes switches as `on | off`.
    enum Switch: String, ConfigChoice {
        case on, off
        init(_ on: Bool) { self = on ? .on : .off }
        var isOn: Bool { self == .on }
    }
}
