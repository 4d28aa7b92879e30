/// How a parameter is initialised and whether AdamW decays it.
public enum ParameterKind: String, Sendable, Codable {
    /// A weight matrix or vector: N(0, std^2) init, decayed.
    case weight
    /// A bias or learned scalar offset: constant init, not decayed.
    case bias
    /// LayerNorm gain (init 1) or bias (init 0): not decayed.
    case normalisation
    /// A learned lookup table (node embedding): N(0, std^2) init, not decayed.
    case embedding
}

/// One named tensor inside the flat buffer: values[offset ..< offset + count], row-major `shape`.
public struct ParameterSlot: Sendable, Equatable {
    public let name: String
    public let shape: [Int]
    public let offset: Int
    public let kind: ParameterKind
    public var count: Int { shape.reduce(1, *) }
    public var range: Range<Int> { offset..<(offset + count) }
    /// Weight decay applies to `.weight` parameters only (docs/model.md: not biases, LayerNorm or embeddings).
    public var isDecayed: Bool { kind == .weight }

    public init(name: String, shape: [Int], offset: Int, kind: ParameterKind) {
        self.name = name
        self.shape = shape
        self.offset = offset
        self.kind = kind
    }
}

/// Every parameter of the network in ONE contiguous buffer with named, shaped views (llm.c style);
/// gradients and the AdamW moments m, v share the layout, so the optimiser is one flat loop, the
/// allreduce one call over `gradients`, and a checkpoint writes each slot by name.
public final class ParameterBuffer<Scalar: ModelScalar> {
    public let slots: [ParameterSlot]
    private let slotIndex: [String: Int]
    public var parameters: [Scalar]
    public var gradients: [Scalar]
    /// AdamW first and second moments.
    public var firstMoment: [Scalar]
    public var secondMoment: [Scalar]
    /// Number of AdamW steps taken (bias correction uses it; checkpointed with the moments).
    public var optimiserStep: Int = 0

    public var count: Int { parameters.count }
    public var names: [String] { slots.map(\.name) }

    /// Lays out `specs` in order; all values start at zero (see `initialise`).
    public init(_ specs: [(name: String, shape: [Int], kind: ParameterKind)]) {
        var offset = 0
        var slots: [ParameterSlot] = []
        for spec in specs {
            let slot = ParameterSlot(name: spec.name, shape: spec.shape, offset: offset, kind: spec.kind)
            slots.append(slot)
            offset += slot.count
        }
        self.slots = slots
        self.slotIndex = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($1.name, $0) })
        precondition(slotIndex.count == slots.count, "parameter names must be unique")
        parameters = Array(repeating: 0, count: offset)
        gradients = parameters
        firstMoment = parameters
        secondMoment = parameters
    }

    public func slot(_ name: String) -> ParameterSlot {
        guard let i = slotIndex[name] else { preconditionFailure("no parameter named '\(name)'") }
        return slots[i]
    }

    public func contains(_ name: String) -> Bool { slotIndex[name] != nil }

    /// A copy of one parameter's values (for checkpoints and tests).
    public func values(_ name: String) -> [Scalar] { Array(parameters[slot(name).range]) }
    public func gradient(_ name: String) -> [Scalar] { Array(gradients[slot(name).range]) }

    /// Overwrites one parameter's values (checkpoint load, tests).
    public func setValues(_ name: String, _ values: [Scalar]) {
        let s = slot(name)
        precondition(values.count == s.count, "\(name): expected \(s.count) values, got \(values.count)")
        parameters.replaceSubrange(s.range, with: values)
    }

    /// One memset: an element-wise loop over the class's array property paid an exclusivity check per element
    /// (12.9 % of a genome-scale exact-sum step, which zeroes the gradients once per example).
    public func zeroGrad() {
        gradients.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Deterministic initialisation from `seed` with SplitMix64, slot by slot in layout order:
    /// `.weight`/`.embedding` ~ N(0, std(slot)^2), others = constant(slot).
    public func initialise(seed: UInt64, std: (ParameterSlot) -> Double, constant: (ParameterSlot) -> Double) {
        var rng = SplitMix64(seed: seed)
        for slot in slots {
            switch slot.kind {
            case .weight, .embedding:
                let s = std(slot)
                for i in slot.range { parameters[i] = Scalar(s * rng.nextNormal()) }
            case .bias, .normalisation:
                let c = Scalar(constant(slot))
                for i in slot.range { parameters[i] = c }
            }
        }
        for i in gradients.indices { gradients[i] = 0; firstMoment[i] = 0; secondMoment[i] = 0 }
        optimiserStep = 0
    }
}

/// The training store: Float32 parameters (docs/model.md).
public typealias ParameterStore = ParameterBuffer<Float>
