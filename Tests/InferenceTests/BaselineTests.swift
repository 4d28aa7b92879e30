@testable import Inference
import Testing

@Suite struct BaselineTests {
    @Test func trainMeanAveragesTrainingDeltas() {
        #expect(MeanBaselines.trainMean(trainDeltas: [1, -2, 3, 0], genes: 2) == [2, -1])
        #expect(MeanBaselines.control(genes: 3) == [0, 0, 0])
    }

    /// Reference computed once with numpy 2.4 (K = solve(A^T A + 0.1 I, A^T Yc B^T) inv(B B^T + 0.1 I),
    /// prediction A K beta + b) for A = [[1,0],[0,1],[1,1],[2,-1]], training perturbations g0, g1, g2+g3.
    @Test func linearMatchesNumpyReference() {
        let genes = ["g0", "g1", "g2", "g3"]
        let a: [Double] = [1, 0, 0, 1, 1, 1, 2, -1]
        // Y (G x T) = [[.5,-.2,.1],[.3,.4,-.6],[0,.2,.9],[-.1,0,.3]] stored T x G.
        let y: [Float] = [0.5, 0.3, 0.0, -0.1, -0.2, 0.4, 0.2, 0.0, 0.1, -0.6, 0.9, 0.3]
        let neighbours: (String) -> [String] = { $0 == "X" ? ["g0", "g2", "notagene"] : [] }
        let model = LinearBaseline(genes: genes, trainLabels: ["g0", "g1", "g2+g3"], trainDeltas: y,
                                   geneEmbedding: a, components: 2, neighbours: neighbours)
        let double = model.predict("g1+g2", neighbours: neighbours)
        let expectedDouble = [-8.201825207646007e-05, 0.11688942763623095, 0.3168074093841545, -0.2837201308070506]
        for (p, e) in zip(double, expectedDouble) { #expect(abs(Double(p) - e) < 1e-6) }
        let unmeasured = model.predict("X", neighbours: neighbours)
        let expectedX = [0.1290992415824497, 0.04125874899047693, 0.3703579905729267, 0.0502730675077558]
        for (p, e) in zip(unmeasured, expectedX) { #expect(abs(Double(p) - e) < 1e-6) }
        // No neighbours: beta = 0, the train mean.
        let isolated = model.predict("Y", neighbours: neighbours)
        for (p, m) in zip(isolated, MeanBaselines.trainMean(trainDeltas: y, genes: 4)) { #expect(abs(p - m) < 1e-6) }
    }
}
