@testable import Model

/// A tiny run for whole-model tests: the 7-node test graph (isolated node 5, hub 0), 5 measured genes
/// (node 4 is an unmeasured target), F = 3 features, and a batch with single and double perturbations.
enum TinyProblem {
    static let geneNodes = [0, 1, 2, 3, 6]

    static func context(graph: GeneGraph = testGraph()) -> ModelContext {
        ModelContext(graph: graph, nodeFeatures: testValues(graph.nodeCount * 3, seed: 30).map(Float.init),
                     featureCount: 3, geneNodes: geneNodes,
                     controlMean: testValues(5, seed: 31, in: 0...2).map(Float.init), selfKnockdownInit: -0.4)
    }

    static func config(hidden: Int = 4, layers: Int = 2) -> ModelConfig {
        var c = ModelConfig()
        c.hidden = hidden
        c.layers = layers
        return c
    }

    /// Perturbations: a measured single (node 2), an isolated target (5), a double (0, 4), an unmeasured single (4).
    static func examples() -> [PerturbationExample] {
        [[2], [5], [0, 4], [4]].enumerated().map { k, targets in
            let seed = UInt64(40 + 10 * k)
            let labels: [Float] = (0..<5).map { ($0 + k) % 3 == 0 ? 1 : 0 }
            return PerturbationExample(
                id: 100 + k, targets: targets, cellCount: 20,
                meanExpression: testValues(5, seed: seed, in: 0...2).map(Float.init),
                precisionWeight: testValues(5, seed: seed + 1, in: 1...5).map(Float.init),
                responderLabel: labels,
                observedDelta: testValues(5, seed: seed + 2).map(Float.init),
                prior: testValues(5, seed: seed + 3, in: -0.5...0.5).map(Float.init),
                effectLabel: k % 2 == 0 ? 1 : 0)
        }
    }
}
