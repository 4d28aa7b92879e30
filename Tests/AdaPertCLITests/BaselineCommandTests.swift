@testable import AdaPertCLI
@testable import AnnData
import DistTrain
import Foundation
import Testing

/// `adapert baseline` end to end on the tiny run: each baseline's PRED.deltas.csv against its definition.
extension TrainedRunTests {
    func baseline(_ kind: String) throws -> [String: [Float]] {
        let output = TinyRun.path + "/baseline-test/\(kind).h5ad"
        try BaselineCommand.parse([kind, "--run", TinyRun.path, "--split", "all", "--allow-isolated", "--output", output])
            .run(comm: LocalCommunicator.oneRank())
        #expect(FileManager.default.fileExists(atPath: output))
        return try TinyRun.deltas(TinyRun.path + "/baseline-test/\(kind).deltas.csv")
    }

    @Test func controlPredictsExactZeros() throws {
        let deltas = try baseline("control")
        #expect(!deltas.isEmpty && deltas.values.allSatisfy { $0.allSatisfy { $0 == 0 } })
    }

    @Test func trainMeanIsTheMeanObservedTrainingDelta() throws {
        let deltas = try baseline("train-mean")
        let loaded = try TinyRun.loaded()
        let ids = loaded.run.trainingIDs
        for (g, gene) in loaded.run.genes.enumerated() {
            let expected = ids.reduce(0.0) { $0 + loaded.run.effects[$1]!.observedDelta[g] } / Double(ids.count)
            for (label, delta) in deltas {
                #expect(abs(Double(delta[g]) - expected) < 1e-6, "\(label), \(gene)")
            }
        }
    }

    @Test func graphKNNIsTheGraphPrior() throws {
        let deltas = try baseline("graph-knn")
        let loaded = try TinyRun.loaded()
        #expect(deltas.count == loaded.run.annotation.perturbations.count)
        for (p, label) in loaded.run.annotation.labels.enumerated() where p != loaded.run.annotation.controlIndex {
            #expect(deltas[label] == loaded.run.priors[p])
        }
    }

    @Test func linearIsFiniteAndPerturbationSpecific() throws {
        let deltas = try baseline("linear")
        #expect(deltas.values.allSatisfy { $0.allSatisfy(\.isFinite) })
        // Measured targets get their own embedding row, so predictions differ between perturbations.
        #expect(Set(deltas.values.map { $0.map(\.bitPattern) }).count > 1)
    }

    @Test func additiveSumsTheTrainingSinglesDeltas() throws {
        let deltas = try baseline("additive")
        let loaded = try TinyRun.loaded()
        let labels = loaded.run.annotation.labels
        let trainingSingles = Dictionary(uniqueKeysWithValues: loaded.run.trainingIDs.map { (labels[$0], $0) })
        for (p, label) in labels.enumerated() where p != loaded.run.annotation.controlIndex
            && loaded.isolatedTargets(p).isEmpty {
            var expected = [Float](repeating: 0, count: loaded.run.genes.count)
            for target in PerturbationLabels.targets(of: label) {
                guard let single = trainingSingles[target] else { continue }
                for (i, d) in loaded.run.effects[single]!.observedDelta.enumerated() { expected[i] += Float(d) }
            }
            #expect(deltas[label] == expected, "\(label)")
        }
    }
}
