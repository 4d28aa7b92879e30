import Foundation
@testable import Model

/// Tests/ModelTests/Fixtures/adapert_reference.json, written by Tests/Reference/make_reference.py
/// (an independent NumPy implementation with complex-step gradients).
struct ReferenceFixture: Decodable {
    struct Config: Decodable { let hidden, layers, hopLimit: Int }
    struct Adam: Decodable { let totalSteps, warmupSteps: Int; let baseLr, weightDecay, maxNorm: Double }
    struct Example: Decodable {
        let id: Int; let targets: [Int]; let cellCount: Int
        let meanExpression, precisionWeight, responderLabel, observedDelta, prior: [Double]
        let effectLabel: Double
    }
    struct Loss: Decodable { let effect, responder, effectGate, l0, direction, total: Double }
    struct Step: Decodable {
        let step: Int; let loss: Loss; let gradientNorm, lr: Double
        let gradients: [String: [Double]]; let deltas: [[Double]]
    }
    struct Prediction: Decodable {
        let delta, responderProbability: [Double]; let effectGateProbability: Double; let edgeGates: [Double]
    }

    /// One ablation setting with its parameters and expected results.
    struct Case: Decodable {
        let name: String
        let ablation: [String: String]
        let adam: Adam
        let parameters: [String: [Double]]
        let steps: [Step]
        let finalParameters: [String: [Double]]
        let predictions: [Prediction]
    }

    let config: Config
    let noiseSeed: UInt64
    let nodeNames: [String]
    let undirectedEdges: [[Double]]
    let features: [Double]
    let featureCount: Int
    let geneNodes: [Int]
    let controlMean: [Double]
    let selfKnockdownInit: Double
    let examples: [Example]
    let cases: [Case]

    static func load() throws -> ReferenceFixture {
        guard let url = Bundle.module.url(forResource: "adapert_reference", withExtension: "json", subdirectory: "Fixtures")
        else { throw CocoaError(.fileNoSuchFile) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ReferenceFixture.self, from: Data(contentsOf: url))
    }

    /// The case's config; its ablation, over the defaults' encoded switches as the run config fills them,
    /// goes through ModelConfig's own decoder (snake_case keys, on/off).
    func modelConfig(_ c: Case) throws -> ModelConfig {
        var config = ModelConfig()
        config.hidden = self.config.hidden
        config.layers = self.config.layers
        config.hopLimit = self.config.hopLimit
        let defaults = try JSONDecoder().decode([String: String].self, from: JSONEncoder().encode(Ablation()))
        config.ablation = try JSONDecoder().decode(Ablation.self,
                                                   from: JSONEncoder().encode(defaults.merging(c.ablation) { $1 }))
        return config
    }

    var context: ModelContext {
        let graph = GeneGraph(nodeNames: nodeNames,
                              undirectedEdges: undirectedEdges.map { (Int($0[0]), Int($0[1]), Float($0[2])) })
        return ModelContext(graph: graph, nodeFeatures: features.map(Float.init), featureCount: featureCount,
                            geneNodes: geneNodes, controlMean: controlMean.map(Float.init),
                            selfKnockdownInit: Float(selfKnockdownInit))
    }

    var perturbationExamples: [PerturbationExample] {
        examples.map {
            PerturbationExample(id: $0.id, targets: $0.targets, cellCount: $0.cellCount,
                                meanExpression: $0.meanExpression.map(Float.init),
                                precisionWeight: $0.precisionWeight.map(Float.init),
                                responderLabel: $0.responderLabel.map(Float.init),
                                observedDelta: $0.observedDelta.map(Float.init), prior: $0.prior.map(Float.init),
                                effectLabel: Float($0.effectLabel))
        }
    }

    /// A model of element type T holding the case's initial parameters.
    func model<T: ModelScalar>(_: T.Type, _ c: Case) throws -> AdaPertModel<T> {
        let model = AdaPertModel<T>(config: try modelConfig(c), context: context, seed: 0)
        precondition(Set(model.store.names) == Set(c.parameters.keys), "\(c.name): parameter layouts differ")
        for (name, values) in c.parameters { model.store.setValues(name, values.map { T($0) }) }
        return model
    }
}

extension LossBreakdown {
    func matches(_ r: ReferenceFixture.Loss, relative: Double) -> Bool {
        zip(components, [r.effect, r.responder, r.effectGate, r.l0, r.direction, r.total])
            .allSatisfy { abs($0 - $1) <= relative * max(abs($1), 1e-3) }
    }
}
