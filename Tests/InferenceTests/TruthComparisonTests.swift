@testable import Inference
import Testing

@Test func precisionAtKRanksByMagnitudeThenConfidence() {
    let truth: [Float] = [0, 0.5, 0, -0.3, 0]           // k = 2 responders: genes 1 and 3
    let predicted: [Float] = [0.9, 0, 0, -0.2, 0]        // gene 0 is a false call; gene 3 found
    #expect(TruthComparison.precisionAtK(predicted: predicted, truth: truth) == 0.5)
    // Ties at exact zero go by gene order (gene 1 before 2) without confidence...
    #expect(TruthComparison.precisionAtK(predicted: [0, 0, 0, -0.2, 0], truth: truth) == 0.5)
    // ...and by the model's confidence when given.
    let confidence: [Float] = [0.1, 0.9, 0.2, 0.8, 0.3]
    #expect(TruthComparison.precisionAtK(predicted: [0, 0, 0, -0.2, 0], truth: truth, confidence: confidence) == 1)
    #expect(TruthComparison.precisionAtK(predicted: predicted, truth: [0, 0, 0, 0, 0]) == nil)
}

@Test func truthScoresAverageDefinedPerturbations() {
    let truth: [[Float]] = [[1, 0, 0, 0], [0, 0, 0, 0]]
    let score = TruthComparison.score([(label: "A", delta: [2, 0, 0, 0]), (label: "B", delta: [0, 1, 0, 0])], truth: truth)
    #expect(abs(score.pearson - 1) < 1e-12)   // B's truth is constant: Pearson undefined, left out
    #expect(score.precisionAtK == 1)          // B has no responders: left out
    #expect(score.perturbations == 2)
}
