/// The AdaPert network of docs/model.md (steps 1-8) with hand-written backward passes, generic over the
/// element type: `AdaPertNetwork` (Float) trains and predicts; the Double instance proves the gradients.
/// The public entry points are specialised for Float and Double (`@_specialize`), so callers in other
/// modules run concrete arithmetic instead of protocol-witness calls (measured: about 100x faster).
public final class AdaPertModel<T: ModelScalar> {
    public let config: ModelConfig
    public let context: ModelContext
    public var store: ParameterBuffer<T>
    let layout: ParameterLayout
    let aggregation: GatedAggregation
    let edgeScore: EdgeScore
    /// Node features [N, F] in T.
    let features: [T]
    /// node -> measured gene index, or -1.
    let geneOfNode: [Int]
    /// Activations and backward temporaries of the last pass, allocated once per (growing) batch shape.
    let arena = ActivationArena<T>()
    /// Hop distances of the last pass's perturbations [P, N].
    var hopWorkspace = HopWorkspace()

    /// How many times the activation arena was (re)allocated: 1 after any number of passes of one shape
    /// (or of smaller ones); it grows only when a pass needs more than all earlier ones.
    public var activationAllocations: Int { arena.allocations }

    /// Bytes held by the activation arena.
    public var activationBytes: Int { arena.capacity * MemoryLayout<T>.stride }

    /// Frees the activation arena (e.g. after a one-off large inference batch); the next pass allocates again.
    public func releaseActivations() { arena.release() }

    public init(config: ModelConfig, context: ModelContext, seed: UInt64) {
        precondition(config.hidden > 0 && config.layers >= 0 && config.hopLimit >= 0, "invalid model size")
        self.config = config
        self.context = context
        let specs = ParameterLayout.specs(config: config, nodes: context.graph.nodeCount,
                                          features: context.featureCount, genes: context.geneCount)
        store = ParameterBuffer(specs)
        store.initialise(seed: seed, std: ParameterLayout.initialStd) {
            ParameterLayout.initialConstant($0, selfKnockdownInit: context.selfKnockdownInit)
        }
        ParameterLayout.initialisePriorWeights(store, config: config)
        layout = ParameterLayout(store: store, config: config)
        aggregation = GatedAggregation(graph: context.graph)
        edgeScore = EdgeScore(graph: context.graph)
        features = context.nodeFeatures.map { T($0) }
        var geneOfNode = [Int](repeating: -1, count: context.graph.nodeCount)
        for (i, v) in context.geneNodes.enumerated() { geneOfNode[v] = i }
        self.geneOfNode = geneOfNode
    }

    /// Forward + backward for this rank's share of the global batch (training gates with counter-based
    /// noise keyed by (noiseSeed, purpose, step, perturbation id, index)); accumulates into
    /// `store.gradients` (the caller zeroes them) and returns the loss terms divided by the global normaliser.
    @discardableResult
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func forwardBackward(_ examples: [PerturbationExample], normaliser: BatchNormaliser, step: Int,
                                noiseSeed: UInt64) -> LossBreakdown {
        guard !examples.isEmpty else { return LossBreakdown() }
        let state = forward(examples, mode: .training(CounterRandom(seed: noiseSeed), step: step), withBackward: true)
        let (loss, seeds) = lossAndSeeds(state, examples, normaliser)
        backward(state, seeds)
        return loss
    }

    /// The same training-mode loss (same noise) without gradients.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func lossOnly(_ examples: [PerturbationExample], normaliser: BatchNormaliser, step: Int,
                         noiseSeed: UInt64) -> LossBreakdown {
        guard !examples.isEmpty else { return LossBreakdown() }
        let state = forward(examples, mode: .training(CounterRandom(seed: noiseSeed), step: step), withBackward: true)
        return lossAndSeeds(state, examples, normaliser).loss
    }

    /// Inference for one perturbation: deterministic edge gates, responder gate 1[P_open > threshold],
    /// effect gate 1[P_open > 0.5].
    public func predict(targets: [Int], prior: [Float], responderThreshold: Float = 0.5) -> Prediction {
        predict([(targets, prior)], responderThreshold: responderThreshold)[0]
    }

    /// Inference for several perturbations, in batched passes of at most `inferenceBatchSize` of them, so
    /// that predicting thousands of perturbations (a validation split, a genome-scale test split) needs the
    /// activation memory of one bounded batch, not of all of them at once. A batch that needs more than the
    /// arena holds grows it for this call only: the arena is released afterwards, so inference does not pin
    /// memory for the rest of the run (the next training step allocates its own shape again).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func predict(_ queries: [(targets: [Int], prior: [Float])], responderThreshold: Float = 0.5)
        -> [Prediction]
    {
        guard !queries.isEmpty else { return [] }
        let allocationsBefore = arena.allocations
        defer { if arena.allocations != allocationsBefore { arena.release() } }
        let batch = inferenceBatchSize
        return stride(from: 0, to: queries.count, by: batch).flatMap { start in
            predictBatch(queries[start..<min(queries.count, start + batch)], responderThreshold: responderThreshold)
        }
    }

    /// Arena elements an inference batch may use when the arena is smaller: 2^26 (256 MB of Float).
    var inferenceArenaElements = 1 << 26

    /// The most perturbations whose inference pass fits in the arena as it is, or in
    /// `inferenceArenaElements` if larger (at least 1). The arena's layout is affine in the batch size.
    var inferenceBatchSize: Int {
        let shape = { (p: Int) in
            Self.batchShape(config: self.config, nodes: self.context.graph.nodeCount,
                            edges: self.context.graph.edgeCount, genes: self.context.geneCount,
                            perturbations: p, withBackward: false)
        }
        let one = ForwardState<T>.arenaElements(shape(1)), perPerturbation = ForwardState<T>.arenaElements(shape(2)) - one
        let room = max(arena.capacity, inferenceArenaElements) - (one - perPerturbation)
        return max(1, room / max(1, perPerturbation))
    }

    private func predictBatch(_ queries: ArraySlice<(targets: [Int], prior: [Float])>, responderThreshold: Float)
        -> [Prediction]
    {
        let examples = queries.enumerated().map { k, query in
            PerturbationExample(id: k, targets: query.targets, cellCount: 0, meanExpression: [],
                                precisionWeight: [], responderLabel: [], observedDelta: [], prior: query.prior,
                                effectLabel: 0)
        }
        let s = forward(examples, mode: .inference(responderThreshold: T(responderThreshold)))
        let g = context.geneCount, edges = context.graph.edgeCount
        let shift = T(config.hardConcrete.openShift)
        return (0..<queries.count).map { p in
            let responder = config.ablation.responderGate
                ? (0..<g).map { Float(Activation.sigmoid(s.q[p * g + $0] - shift)) }
                : [Float](repeating: 1, count: g)
            let effect = config.ablation.effectGate ? Float(Activation.sigmoid(s.gateLogit[p] - shift)) : 1
            let gates = config.ablation.gates == .none
                ? [Float](repeating: 1, count: edges)
                : (0..<edges).map { Float(s.gates[p * edges + $0]) }
            return Prediction(delta: (0..<g).map { Float(s.delta[p * g + $0]) }, responderProbability: responder,
                              effectGateProbability: effect, edgeGates: gates)
        }
    }
}

/// The training and inference network: Float32 parameters and activations.
public typealias AdaPertNetwork = AdaPertModel<Float>

/// How gates are evaluated in a pass.
enum PassMode<T: ModelScalar> {
    /// Hard-concrete noise from the counter RNG at this step.
    case training(CounterRandom, step: Int)
    /// Deterministic gates; the responder gate opens when P_open > threshold.
    case inference(responderThreshold: T)

    /// The counter-RNG stream of one perturbation's gates in training (nil for inference).
    func stream(_ purpose: CounterRandom.Purpose, id: Int) -> CounterRandom.Stream? {
        if case let .training(noise, step) = self { return noise.stream(purpose, step: step, id: id) }
        return nil
    }

    /// The responder gate's inference threshold (unused in training).
    var responderThreshold: T {
        if case let .inference(threshold) = self { return threshold }
        return 0.5
    }
}
