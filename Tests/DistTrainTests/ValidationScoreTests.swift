@testable import CellEval
@testable import DistTrain
import Foundation
import Testing

/// A perturbation's result holding only what the validation score reads.
private func result(des: Double, realDEGs: Double, predictedDEGs: Double, mseTop20: Double?) -> PerturbationResult {
    let read: [MetricName: Double] = [.overlapAtN: des, .nsigCountsReal: realDEGs, .nsigCountsPred: predictedDEGs]
    return PerturbationResult(label: "P", values: MetricName.allCases.map { $0 == .mseTop20DE ? mseTop20 : read[$0] })
}

@Test func validationScoreIsMeanDESMinusTheDEGCountPenalty() {
    // DES 1 and 0, DEG counts predicted as they are: no penalty.
    var matching = Validation.Sums()
    matching.add(result(des: 1, realDEGs: 2, predictedDEGs: 2, mseTop20: 0.25))
    matching.add(result(des: 0, realDEGs: 0, predictedDEGs: 0, mseTop20: nil))
    #expect(matching.score(count: 2, responderThreshold: 0.3)
            == Validation.Score(score: 0.5, des: 0.5, degRatio: 0, mseTop20: 0.25, responderThreshold: 0.3))
    // Two DEGs predicted where none are real: 0.05 x (|log2(3/3)| + |log2(3/1)|) / 2 off; no finite MSE.
    var collapsed = Validation.Sums()
    collapsed.add(result(des: 1, realDEGs: 2, predictedDEGs: 2, mseTop20: .nan))
    collapsed.add(result(des: 0, realDEGs: 0, predictedDEGs: 2, mseTop20: nil))
    let penalised = collapsed.score(count: 2, responderThreshold: 0.5)
    #expect(abs(penalised.score - (0.5 - 0.05 * log2(3.0) / 2)) < 1e-12)
    #expect(penalised.mseTop20.isNaN)
}
