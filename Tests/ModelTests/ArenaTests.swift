import Testing
@testable import Model

/// The activation arena: allocated once per batch shape and reused, with numbers unchanged by reuse.
@Suite struct ArenaTests {
    @Test func stepsOfOneShapeAllocateTheArenaOnce() {
        let model = AdaPertModel<Float>(config: TinyProblem.config(), context: TinyProblem.context(), seed: 3)
        let examples = TinyProblem.examples(), normaliser = BatchNormaliser(examples)
        #expect(model.activationAllocations == 0)
        for step in 0..<5 {
            model.store.zeroGrad()
            model.forwardBackward(examples, normaliser: normaliser, step: step, noiseSeed: 1)
        }
        #expect(model.activationAllocations == 1)
        let bytes = model.activationBytes
        // The size known before making a model is the one a training pass reserves.
        let graph = model.context.graph
        #expect(AdaPertModel<Float>.activationBytes(config: model.config, nodes: graph.nodeCount, edges: graph.edgeCount,
                                                    genes: model.context.geneCount, perturbations: examples.count,
                                                    withBackward: true) == bytes)
        #expect(AdaPertModel<Float>.parameterCount(config: model.config, nodes: graph.nodeCount,
                                                   features: model.context.featureCount,
                                                   genes: model.context.geneCount) == model.store.count)
        // Smaller batches, loss-only passes and inference fit in the same block.
        model.forwardBackward(Array(examples[..<2]), normaliser: normaliser, step: 5, noiseSeed: 1)
        _ = model.lossOnly(examples, normaliser: normaliser, step: 6, noiseSeed: 1)
        _ = model.predict(examples.map { ($0.targets, $0.prior) })
        #expect(model.activationAllocations == 1 && model.activationBytes == bytes)
        // A larger batch grows it once, then fits again.
        let larger = examples + examples.map { var e = $0; e.id += 10; return e }
        for step in 0..<3 {
            model.forwardBackward(larger, normaliser: BatchNormaliser(larger), step: step, noiseSeed: 1)
        }
        #expect(model.activationAllocations == 2 && model.activationBytes > bytes)
        // An inference batch larger than the arena grows it for that pass only, then releases it.
        let many = (0..<40).map { k in (targets: [k % 7], prior: examples[0].prior) }
        #expect(model.predict(many).count == 40)
        #expect(model.activationAllocations == 3 && model.activationBytes == 0)
        model.forwardBackward(examples, normaliser: normaliser, step: 9, noiseSeed: 1)
        #expect(model.activationAllocations == 4 && model.activationBytes == bytes)
    }

    /// A reused, dirty arena gives bit-identical losses and gradients to a fresh model: every view that a
    /// pass accumulates into is zeroed first.
    @Test(arguments: [false, true])
    func reuseChangesNoNumber(_ gatesOff: Bool) {
        var config = TinyProblem.config()
        if gatesOff { config.ablation.gates = .none }
        let examples = TinyProblem.examples(), normaliser = BatchNormaliser(examples)
        let fresh = AdaPertModel<Double>(config: config, context: TinyProblem.context(), seed: 3)
        let expected = fresh.forwardBackward(examples, normaliser: normaliser, step: 4, noiseSeed: 9)
        let reused = AdaPertModel<Double>(config: config, context: TinyProblem.context(), seed: 3)
        for step in 0..<3 {
            reused.forwardBackward(Array(examples.reversed()), normaliser: normaliser, step: step, noiseSeed: 2)
        }
        _ = reused.predict(examples.map { ($0.targets, $0.prior) })
        reused.store.zeroGrad()
        let loss = reused.forwardBackward(examples, normaliser: normaliser, step: 4, noiseSeed: 9)
        #expect(loss == expected)
        #expect(reused.store.gradients == fresh.store.gradients)
        #expect(reused.activationAllocations == 1)
    }

    /// Inference of many perturbations runs in bounded batches: one perturbation per pass when the limit
    /// allows no more, with the same predictions as one pass over all of them.
    @Test func inferenceRunsInBoundedBatchesWithTheSamePredictions() {
        let model = AdaPertModel<Float>(config: TinyProblem.config(), context: TinyProblem.context(), seed: 3)
        let queries = TinyProblem.examples().map { ($0.targets, $0.prior) }
        let together = model.predict(queries)
        #expect(model.inferenceBatchSize >= queries.count)
        model.inferenceArenaElements = 1
        #expect(model.inferenceBatchSize == 1)
        let oneByOne = model.predict(queries)
        for (a, b) in zip(together, oneByOne) {
            #expect(zip(a.delta, b.delta).allSatisfy { abs($0 - $1) <= 1e-6 * max(1, abs($0)) })
            #expect(a.effectGateProbability == b.effectGateProbability || abs(a.effectGateProbability - b.effectGateProbability) < 1e-6)
        }
        #expect(model.activationBytes == 0)
    }
}
