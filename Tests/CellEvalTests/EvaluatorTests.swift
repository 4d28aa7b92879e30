@testable import CellEval
import Foundation
@testable import Model
import Testing

@Suite struct EvaluatorTests {
    /// Control cells and perturbations on 6 genes: "G0" knocks gene 0 down to zero and gene 3 up; "G1" shifts
    /// nothing. Values vary per cell so the tests are not all ties.
    private func data() -> (genes: [String], labels: [String], side: EvaluationSide) {
        let genes = ["G0", "G1", "G2", "G3", "G4", "G5"]
        func cells(_ n: Int, _ f: (Int, Int) -> Float) -> CellMatrix {
            CellMatrix(rows: n, columns: 6, values: (0..<(n * 6)).map { f($0 / 6, $0 % 6) })
        }
        let base: (Int, Int) -> Float = { c, g in 1 + Float((c * 7 + g * 3) % 11) / 10 }
        let control = cells(40, base)
        let knock = cells(30) { c, g in g == 0 ? 0 : (g == 3 ? base(c, g) + 2 : base(c + 1, g)) }
        let null = cells(30) { c, g in base(c + 2, g) }
        return (genes, ["G0", "G1"], EvaluationSide(control: control, perturbations: [knock, null]))
    }

    @Test func perfectPredictionScoresPerfectly() {
        let (genes, labels, side) = data()
        let result = Evaluator.evaluate(genes: genes, labels: labels, real: side, pred: side)
        let g0 = result.rows[0]
        #expect(g0.label == "G0")
        #expect(g0[.nsigCountsReal] == 2 && g0[.nsigCountsPred] == 2)
        #expect(g0[.overlapAtN] == 1 && g0[.directionMatch] == 1 && g0[.sigGenesRecall] == 1)
        #expect(abs(g0[.pearsonDelta]! - 1) < 1e-12 && g0[.mseDelta] == 0)
        #expect(g0[.discriminationL1] == 1)
        // The knocked-down target excluded, gene 3 remains: still a perfect overlap.
        #expect(g0[.overlapAtNExclTarget] == 1)
        // "G1" has no real DEG: the DE-ratio metrics are null, as in cell-eval.
        let g1 = result.rows[1]
        #expect(g1[.nsigCountsReal] == 0 && g1[.directionMatch] == nil && g1[.spearmanLFC] == nil)
        #expect(g1[.overlapAtN] == 0)
    }

    @Test func meanCollapsedPredictionLosesDiscrimination() {
        let (genes, labels, real) = data()
        // Both perturbations predicted as the knockdown: G1 is called with G0's DEGs and is not told apart.
        let pred = EvaluationSide(control: real.control, perturbations: [real.perturbations[0], real.perturbations[0]])
        let result = Evaluator.evaluate(genes: genes, labels: labels, real: real, pred: pred)
        #expect(result.rows[1][.nsigCountsPred] == 2)
        #expect(result.rows[1][.discriminationL1] == 0.5)
        let csv = ResultFiles.aggregateCSV(result)
        #expect(csv.hasPrefix("statistic,overlap_at_N,"))
        #expect(csv.split(separator: "\n").count == 10)
    }

    @Test func zeroDeltaPredictedCellsAreControlCells() {
        let (_, _, side) = data()
        let zero = PredictedCells.sample(control: side.control, delta: [Float](repeating: 0, count: 6), count: 25,
                                         seed: 7, perturbation: CounterHash.key("G1"))
        let controlRows = Set((0..<side.control.rows).map { Array(side.control.values[($0 * 6)..<($0 * 6 + 6)]) })
        for i in 0..<25 { #expect(controlRows.contains(Array(zero.values[(i * 6)..<(i * 6 + 6)]))) }
        // Deterministic in (seed, perturbation, cell), floored at 0.
        let down = PredictedCells.sample(control: side.control, delta: [-5, 0, 0, 0, 0, 0], count: 25, seed: 7,
                                         perturbation: CounterHash.key("G1"))
        #expect((0..<25).allSatisfy { down.values[$0 * 6] == 0 && down.values[$0 * 6 + 1] == zero.values[$0 * 6 + 1] })
        let other = PredictedCells.sample(control: side.control, delta: [Float](repeating: 0, count: 6), count: 25,
                                          seed: 8, perturbation: CounterHash.key("G1"))
        #expect(other != zero)
    }

    @Test func ceilingScoresHalvesAndCorrectsReliabilityMetrics() throws {
        let (genes, labels, side) = data()
        let result = try Ceiling.evaluate(genes: genes, labels: labels, real: side, seed: 0)
        #expect(result.halfDepth.rows.count == 2)
        #expect(result.ceiling[.mseDelta]!.isNaN)
        let r = result.halfDepth.means()[.pearsonDelta]!!
        #expect(r <= 0 ? result.ceiling[.pearsonDelta]!.isNaN : result.ceiling[.pearsonDelta] == 2 * r / (1 + r))
    }
}
