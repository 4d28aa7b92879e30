import Testing
@testable import Model

/// StepCost against a count by hand on the tiny problem: P = 4 perturbations, N = 7 nodes, E = 14 directed
/// edges, F = 3 features, G = 5 genes, d = 4, L = 2, decoder width D = d + 2 = 6 (prior: input).
@Suite struct StepCostTests {
    @Test func defaultsMatchAHandCount() {
        let model = AdaPertModel<Double>(config: TinyProblem.config(), context: TinyProblem.context(), seed: 1)
        let cost = model.stepCost(perturbations: 4)
        // GEMMs, 2 m n k each. Forward: F W_f 7x4x3; code MLP 2 x 4x4x4; a, b 2 x 28x4x4; [h; m] W_l 2 x 28x4x8.
        let forward = 2 * 7 * 4 * 3 + 2 * (2 * 4 * 4 * 4) + 2 * (2 * 28 * 4 * 4) + 2 * (2 * 28 * 4 * 8)
        #expect(forward == 5800)
        // Backward: dW_f only (168); every other GEMM twice (dW and dx).
        let backward = 168 + 2 * (forward - 168)
        #expect(cost.gemm == forward + backward && cost.gemm == 17232)
        // Aggregation, 2 P E d = 448 per pass: per layer forward, dh, dg.
        #expect(cost.aggregation == 2 * 3 * 448)
        // Edge scores: forward 2 P E d, backward da and db.
        #expect(cost.edgeScoring == 3 * 448)
        // Decoders (effect and responder): 2 P G D = 240 forward, twice that backward, each.
        #expect(cost.decoder == 2 * 3 * 240)
        #expect(cost.total == 17232 + 2688 + 1344 + 1440)
    }

    @Test func ablationsDropTheirWork() {
        var config = TinyProblem.config()
        config.ablation.gates = .none
        config.ablation.responderGate = false
        config.ablation.prior = .none
        let cost = AdaPertModel<Double>(config: config, context: TinyProblem.context(), seed: 1).stepCost(perturbations: 4)
        // No edge context GEMMs (2 x 28x4x4 forward): 17232 - 3 * 1792.
        #expect(cost.gemm == 17232 - 3 * 1792)
        // Aggregation without dg: forward and dh only.
        #expect(cost.aggregation == 2 * 2 * 448)
        #expect(cost.edgeScoring == 0)
        // One decoder of width D = d = 4: 2 P G D = 160.
        #expect(cost.decoder == 3 * 160)
    }
}
