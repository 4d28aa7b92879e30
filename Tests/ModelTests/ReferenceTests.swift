import Testing
@testable import Model

/// The Swift network against the independent NumPy reference, tensor by tensor.
/// AdamW: 5 steps (defaults) or 1 step (ablation cases), clipped at norm 1, warm-up + cosine learning rate.
/// Float64 tolerances: losses 1e-10 relative, gradients 1e-9 + 1e-7 |ref|, AdamW parameters 1e-9 + 1e-7 |ref|.
/// Float32 tolerances: losses 1e-4 relative, gradients 1e-4 max|ref tensor| + 1e-3 |ref|.
/// One run per case of the fixture: the defaults, and two cases that together flip every ablation switch.
@Suite struct ReferenceTests {
    let fixture: ReferenceFixture
    init() throws { fixture = try ReferenceFixture.load() }
    static let cases = 0..<3

    @Test func fixtureHoldsEveryCase() { #expect(fixture.cases.count == Self.cases.count) }

    @Test(arguments: cases)
    func float64LossOutputsAndEveryGradient(_ index: Int) throws {
        let c = fixture.cases[index]
        let model = try fixture.model(Double.self, c), examples = fixture.perturbationExamples
        let reference = c.steps[0]
        model.store.zeroGrad()
        let loss = model.forwardBackward(examples, normaliser: BatchNormaliser(examples), step: 0,
                                         noiseSeed: fixture.noiseSeed)
        #expect(loss.matches(reference.loss, relative: 1e-10), "\(loss) vs \(reference.loss)")
        for slot in model.store.slots {
            let mismatch = gradientMismatch(model.store.gradient(slot.name), reference.gradients[slot.name]!,
                                            atol: 1e-9, rtol: 1e-7)
            #expect(mismatch <= 1, "\(c.name): \(slot.name): gradient mismatch \(mismatch)")
        }
        let state = model.forward(examples, mode: .training(CounterRandom(seed: fixture.noiseSeed), step: 0))
        let g = fixture.geneNodes.count
        for (p, expected) in reference.deltas.enumerated() {
            let delta = (0..<g).map { state.delta[p * g + $0] }
            #expect(gradientMismatch(delta, expected, atol: 1e-10, rtol: 1e-10) <= 1, "delta of perturbation \(p)")
        }
    }

    @Test(arguments: cases)
    func float64Inference(_ index: Int) throws {
        let c = fixture.cases[index]
        let model = try fixture.model(Double.self, c)
        for (example, expected) in zip(fixture.perturbationExamples, c.predictions) {
            let prediction = model.predict(targets: example.targets, prior: example.prior)
            // Outputs are Float: compare at Float32 precision.
            #expect(gradientMismatch(prediction.delta.map(Double.init), expected.delta, atol: 1e-6, rtol: 1e-6) <= 1)
            #expect(gradientMismatch(prediction.responderProbability.map(Double.init), expected.responderProbability,
                                     atol: 1e-6, rtol: 1e-6) <= 1)
            #expect(abs(Double(prediction.effectGateProbability) - expected.effectGateProbability) <= 1e-6)
            #expect(gradientMismatch(prediction.edgeGates.map(Double.init), expected.edgeGates, atol: 1e-6, rtol: 1e-6) <= 1)
        }
    }

    @Test(arguments: cases)
    func float64AdamWSteps(_ index: Int) throws {
        let c = fixture.cases[index]
        let model = try fixture.model(Double.self, c), examples = fixture.perturbationExamples, a = c.adam
        let optimiser = AdamW(weightDecay: a.weightDecay)
        for reference in c.steps {
            model.store.zeroGrad()
            let loss = model.forwardBackward(examples, normaliser: BatchNormaliser(examples), step: reference.step,
                                             noiseSeed: fixture.noiseSeed)
            #expect(abs(loss.total - reference.loss.total) <= 1e-9 * abs(reference.loss.total), "step \(reference.step)")
            let norm = model.store.clipGradientNorm(maxNorm: a.maxNorm)
            #expect(abs(norm - reference.gradientNorm) <= 1e-8 * reference.gradientNorm)
            let lr = AdamW.learningRate(step: reference.step, totalSteps: a.totalSteps, warmupSteps: a.warmupSteps,
                                        baseLR: a.baseLr)
            #expect(abs(lr - reference.lr) <= 1e-15)
            optimiser.step(store: model.store, lr: lr)
        }
        for slot in model.store.slots {
            let mismatch = gradientMismatch(model.store.values(slot.name), c.finalParameters[slot.name]!,
                                            atol: 1e-9, rtol: 1e-7)
            #expect(mismatch <= 1, "\(c.name): \(slot.name) differs after \(c.steps.count) AdamW steps (\(mismatch))")
        }
    }

    @Test(arguments: cases)
    func float32LossAndGradients(_ index: Int) throws {
        let c = fixture.cases[index]
        let model = try fixture.model(Float.self, c), examples = fixture.perturbationExamples
        let reference = c.steps[0]
        model.store.zeroGrad()
        let loss = model.forwardBackward(examples, normaliser: BatchNormaliser(examples), step: 0,
                                         noiseSeed: fixture.noiseSeed)
        #expect(loss.matches(reference.loss, relative: 1e-4), "\(loss) vs \(reference.loss)")
        for slot in model.store.slots {
            let expected = reference.gradients[slot.name]!
            let scale = expected.map(abs).max() ?? 0
            let mismatch = gradientMismatch(model.store.gradient(slot.name).map(Double.init), expected,
                                            atol: 1e-4 * max(scale, 1e-3), rtol: 1e-3)
            #expect(mismatch <= 1, "\(c.name): \(slot.name): Float32 gradient mismatch \(mismatch)")
        }
    }
}
