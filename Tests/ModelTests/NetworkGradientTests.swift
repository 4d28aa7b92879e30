import Testing
@testable import Model

/// The whole network + loss in Float64: analytic gradients of every parameter against central
/// differences of `lossOnly` with the same (frozen) counter-RNG noise, for every ablation switch.
@Suite struct NetworkGradientTests {
    static let ablations: [(String, @Sendable (inout Ablation) -> Void)] = [
        ("defaults", { _ in }),
        ("soft gates", { $0.gates = .soft }),
        ("no gates", { $0.gates = .none }),
        ("responder gate off", { $0.responderGate = false }),
        ("hop bias off", { $0.hopBias = false }),
        ("prior none", { $0.prior = .none }),
        ("effect gate off", { $0.effectGate = false }),
        ("self knockdown off", { $0.selfKnockdown = false }),
    ]

    @Test(arguments: 0..<ablations.count)
    func gradientsMatchFiniteDifferences(_ index: Int) {
        checkGradients(TinyProblem.config(), index)
    }

    /// d = 16: every row kernel runs its 8-lane vector part (d = 4 only runs the scalar tails).
    @Test(arguments: [0, 2])
    func gradientsMatchFiniteDifferencesAtVectorWidth(_ index: Int) {
        checkGradients(TinyProblem.config(hidden: 16), index)
    }

    func checkGradients(_ base: ModelConfig, _ index: Int) {
        var config = base
        Self.ablations[index].1(&config.ablation)
        let model = AdaPertModel<Double>(config: config, context: TinyProblem.context(), seed: 3)
        // Lift the weights so that gates and ReLUs are not all at trivial points.
        for i in model.store.parameters.indices { model.store.parameters[i] *= 1.5 }
        let examples = TinyProblem.examples(), normaliser = BatchNormaliser(examples)
        model.store.zeroGrad()
        let loss = model.forwardBackward(examples, normaliser: normaliser, step: 5, noiseSeed: 11)
        #expect(loss.total.isFinite && loss.total > 0)
        let analytic = model.store.gradients
        let base = model.store.parameters
        let numeric = centralDifferences(base) { theta in
            model.store.parameters = theta
            return model.lossOnly(examples, normaliser: normaliser, step: 5, noiseSeed: 11).total
        }
        model.store.parameters = base
        for slot in model.store.slots {
            let mismatch = gradientMismatch(Array(analytic[slot.range]), Array(numeric[slot.range]), atol: 1e-7, rtol: 1e-5)
            #expect(mismatch <= 1, "\(Self.ablations[index].0): \(slot.name) mismatch \(mismatch)")
        }
        #expect(analytic.contains { $0 != 0 })
        if config.ablation.gates == .hardconcrete {
            // The check covers clamped gates: some edge gates sit exactly at 0 and at 1.
            let gates = model.forward(examples, mode: .training(CounterRandom(seed: 11), step: 5)).gates.array
            #expect(gates.contains(0) && gates.contains(1) && gates.contains { $0 > 0 && $0 < 1 })
        }
    }

    @Test func lossSplitsAdditivelyAcrossRanks() {
        let model = AdaPertModel<Double>(config: TinyProblem.config(), context: TinyProblem.context(), seed: 3)
        let examples = TinyProblem.examples(), normaliser = BatchNormaliser(examples)
        model.store.zeroGrad()
        let whole = model.forwardBackward(examples, normaliser: normaliser, step: 1, noiseSeed: 2)
        let wholeGradient = model.store.gradients
        model.store.zeroGrad()
        let first = model.forwardBackward(Array(examples[..<1]), normaliser: normaliser, step: 1, noiseSeed: 2)
        let rest = model.forwardBackward(Array(examples[1...]), normaliser: normaliser, step: 1, noiseSeed: 2)
        let sum = first + rest
        for (a, b) in zip(sum.components, whole.components) { #expect(abs(a - b) <= 1e-12 * max(1, abs(b))) }
        #expect(gradientMismatch(model.store.gradients, wholeGradient, atol: 1e-12, rtol: 1e-10) <= 1)
    }
}
