@testable import CellEval
@testable import DistTrain
@testable import Inference
import Testing

@Test func evaluationSplitOverRanksEqualsOneProcess() throws {
    let (genes, labels, real, pred) = SyntheticPair.make(perturbations: 7, genes: 40, cellsPerPerturbation: 12,
                                                        controlCells: 30)
    let reference = Evaluator.evaluate(genes: genes, labels: labels, real: real, pred: pred)
    for size in [2, 3] {
        let results = try LocalCommunicator.run(size: size) { comm in
            try Evaluator.evaluate(genes: genes, labels: labels, real: real, pred: pred, comm: comm)
        }
        for result in results { #expect(sameBits(result, reference)) }
    }
    #expect(reference.rows.map(\.label) == labels)
}

/// Row-by-row equality of labels and values, NaN equal to NaN and nil to nil.
private func sameBits(_ a: EvaluationResult, _ b: EvaluationResult) -> Bool {
    zip(a.rows, b.rows).allSatisfy { x, y in
        x.label == y.label && zip(x.values, y.values).allSatisfy { $0?.bitPattern == $1?.bitPattern }
    } && a.rows.count == b.rows.count
}
