import Foundation
import Testing
@testable import Model

@Suite struct BuildingBlockTests {
    @Test func counterRandomIsAPureFunctionOfItsKey() {
        let a = CounterRandom(seed: 42), b = CounterRandom(seed: 42)
        let u = a.uniform(.edgeGate, step: 3, id: 17, index: 5, eps: 1e-6)
        #expect(u == b.uniform(.edgeGate, step: 3, id: 17, index: 5, eps: 1e-6))
        #expect(u != a.uniform(.responderGate, step: 3, id: 17, index: 5, eps: 1e-6))
        #expect(u != a.uniform(.edgeGate, step: 4, id: 17, index: 5, eps: 1e-6))
        #expect(u != a.uniform(.edgeGate, step: 3, id: 18, index: 5, eps: 1e-6))
        // A stream hashes (seed, purpose, step, id) once and gives the same numbers.
        let stream = a.stream(.edgeGate, step: 3, id: 17)
        #expect((0..<100).allSatisfy { stream.uniform(index: $0, eps: 1e-6) == a.uniform(.edgeGate, step: 3, id: 17, index: $0, eps: 1e-6) })
        let draws = (0..<10000).map { a.uniform(.cellSampling, step: 0, id: 0, index: $0, eps: 0.25) }
        #expect(draws.allSatisfy { $0 > 0.25 && $0 < 0.75 })
        #expect(abs(draws.reduce(0, +) / 10000 - 0.5) < 0.01)
    }

    @Test func storeIsOneContiguousBufferWithNamedViews() {
        let model = AdaPertNetwork(config: TinyProblem.config(), context: TinyProblem.context(), seed: 9)
        let store = model.store
        var offset = 0
        for slot in store.slots {
            #expect(slot.offset == offset)
            offset += slot.count
        }
        #expect(offset == store.count && store.gradients.count == offset && store.secondMoment.count == offset)
        #expect(store.slot("input.embedding").shape == [7, 4])
        #expect(store.slot("decoder.effect.weight").shape == [5, 6])
        #expect(store.values("decoder.responder.bias").allSatisfy { $0 == -2 })
        #expect(store.values("context.hop_bias") == [-1, -1, -1, -1, -1])
        #expect(store.values("self_knockdown.shift") == [-0.4])
        let decayed = Set(store.slots.filter(\.isDecayed).map(\.name))
        #expect(decayed.contains("propagation.1.weight") && !decayed.contains("input.embedding")
            && !decayed.contains("propagation.1.norm.gain") && !decayed.contains("code.hidden.bias"))
        let again = AdaPertNetwork(config: TinyProblem.config(), context: TinyProblem.context(), seed: 9)
        #expect(again.store.parameters == store.parameters)
        let other = AdaPertNetwork(config: TinyProblem.config(), context: TinyProblem.context(), seed: 10)
        #expect(other.store.parameters != store.parameters)
    }

    @Test func ablationsDropTheirParameters() {
        var config = TinyProblem.config()
        config.ablation.gates = .none
        config.ablation.responderGate = false
        config.ablation.effectGate = false
        config.ablation.selfKnockdown = false
        config.ablation.prior = .none
        let names = AdaPertNetwork(config: config, context: TinyProblem.context(), seed: 1).store.names
        #expect(!names.contains { $0.hasPrefix("context.") || $0.hasPrefix("effect_gate") || $0.contains("responder") })
        #expect(!names.contains("self_knockdown.shift"))
    }

    @Test func hopDistancesAreCappedBreadthFirst() {
        // Chain 0-1-2-3-4-5 plus isolated 6; K = 3.
        let graph = GeneGraph(nodeNames: (0..<7).map { "n\($0)" },
                              undirectedEdges: (0..<5).map { ($0, $0 + 1, Float(1)) })
        #expect(hopDistances(graph: graph, targets: [0], limit: 3) == [0, 1, 2, 3, 4, 4, 4])
        #expect(hopDistances(graph: graph, targets: [0, 5], limit: 3) == [0, 1, 2, 2, 1, 0, 4])
    }

    @Test func configRoundTripsWithSwitchesAsOnOff() throws {
        var config = ModelConfig()
        config.hidden = 32
        config.ablation.gates = .soft
        config.ablation.responderGate = false
        config.loss.l0 = 0.05
        let json = try JSONEncoder().encode(config)
        #expect(String(decoding: json, as: UTF8.self).contains(#""responder_gate":"off""#))
        #expect(try JSONDecoder().decode(ModelConfig.self, from: json) == config)
    }

    @Test func learningRateWarmsUpThenDecaysToZero() {
        let lr = (0..<10).map { AdamW.learningRate(step: $0, totalSteps: 10, warmupSteps: 3, baseLR: 1) }
        #expect(abs(lr[0] - 1.0 / 3) < 1e-12 && lr[2] == 1 && lr[3] == 1)
        #expect(zip(lr[3...], lr[4...]).allSatisfy { $0 >= $1 })
        #expect(AdamW.learningRate(step: 10, totalSteps: 10, warmupSteps: 3, baseLR: 1) < 1e-12)
    }

    @Test func clippingScalesTheGlobalNorm() {
        let store = ParameterBuffer<Double>([("a", [2], .weight), ("b", [1], .bias)])
        store.gradients = [3, 0, 4]
        #expect(store.clipGradientNorm(maxNorm: 1) == 5)
        #expect(gradientMismatch(store.gradients, [0.6, 0, 0.8], atol: 1e-15, rtol: 0) <= 1)
        #expect(store.clipGradientNorm(maxNorm: 1) <= 1 + 1e-12)
    }

    @Test func inferenceGivesExactZerosAndTheSubgraph() {
        let model = AdaPertNetwork(config: TinyProblem.config(), context: TinyProblem.context(), seed: 4)
        let example = TinyProblem.examples()[0]
        let prior: [Float] = [0, 0.4, 0.01, -0.3, -0.02]
        let prediction = model.predict(targets: example.targets, prior: prior, responderThreshold: 0.5)
        // Fresh responder gates (bias -2, weight 4 on |r|) are closed where the prior is near 0 and open where
        // it moves the gene by well over 0.1; a closed gate gives an exact 0, the self-knockdown target moves.
        let selfGene = TinyProblem.geneNodes.firstIndex(of: example.targets[0])!
        for (i, r) in prior.enumerated() where i != selfGene {
            if abs(r) < 0.05 { #expect(prediction.responderProbability[i] < 0.5 && prediction.delta[i] == 0) }
            if abs(r) > 0.2 { #expect(prediction.responderProbability[i] > 0.5) }
        }
        #expect(prior.indices.contains { $0 != selfGene && prediction.delta[$0] == 0 })
        #expect(prediction.delta[selfGene] != 0)
        let edges = prediction.edges(in: model.context.graph)
        #expect(edges.allSatisfy { $0.gate > 0 && $0.gate <= 1 })
        #expect(prediction.edges(in: model.context.graph, minimumGate: -1).count == model.context.graph.edgeCount)
        let batched = model.predict([(example.targets, prior), ([4], prior)])
        #expect(batched[0].delta == prediction.delta && batched[0].edgeGates == prediction.edgeGates)
    }
}
