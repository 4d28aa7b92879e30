@testable import CellEval
import Testing

@Suite struct MetricTests {
    private func table(_ fc: [Float], significant: Set<Int>) -> DETable {
        DETable(pValues: fc.indices.map { significant.contains($0) ? 1e-6 : 0.9 }, log2FoldChange: fc)
    }

    @Test func overlapAndPrecisionByHand() {
        // R = [3, 1, 0], Q = [1, 4]: N = 3, k' = 3, |{3,1,0} ∩ {1,4}| = 1 -> 1/3; precision k' = 2 -> 1/2.
        #expect(DEMetrics.overlap(real: [3, 1, 0], pred: [1, 4], k: nil) == 1.0 / 3)
        #expect(DEMetrics.precision(real: [3, 1, 0], pred: [1, 4], k: nil) == 0.5)
        #expect(DEMetrics.overlap(real: [3, 1, 0], pred: [1, 4], k: 1) == 0)
        #expect(DEMetrics.overlap(real: [], pred: [1], k: nil) == 0)
        #expect(DEMetrics.overlap(real: [2], pred: [], k: 50) == 0)
    }

    @Test func spearmanDirectionRecallAndTheirNullCases() {
        let real = table([2, -1, 0.5, 3], significant: [0, 1, 3])
        let pred = table([1, 1, 0, 0], significant: [0])
        // Over genes 0, 1, 3: real (2, -1, 3) vs pred (1, 1, 0): ranks (2, 1, 3) vs (2.5, 2.5, 1) -> rho = -0.866...
        #expect(abs(DEMetrics.spearmanLFC(real: real, pred: pred)! - -0.8660254037844387) < 1e-12)
        #expect(DEMetrics.directionMatch(real: real, pred: pred) == 1.0 / 3)
        #expect(DEMetrics.recall(real: real, pred: pred) == 1.0 / 3)
        let none = table([1, 2], significant: [])
        #expect(DEMetrics.spearmanLFC(real: none, pred: pred) == nil)
        #expect(DEMetrics.recall(real: none, pred: pred) == nil)
        // One real DEG: Spearman of one value is NaN in cell-eval (polars corr).
        #expect(DEMetrics.spearmanLFC(real: table([1, 2], significant: [1]), pred: pred)!.isNaN)
    }

    @Test func spearmanWithInfinityMatchesScipy() {
        // scipy.stats.spearmanr([1, inf, 3, -2], [1, 2, 2, 0.5]) -> 0.9486832980505139
        #expect(abs(Correlation.spearman([1, .infinity, 3, -2], [1, 2, 2, 0.5]) - 0.9486832980505139) < 1e-12)
        #expect(Correlation.pearson([1, 2, 3], [0, 0, 0]).isNaN)
    }

    @Test func discriminationScoreRanksOwnDistance() {
        // Real deltas of 3 perturbations over 2 genes; prediction for p = 1 closest to q = 0, then itself.
        let real: [Float] = [0, 0, 1, 1, 5, 5]
        let pred: [Float] = [0.2, 0.2]
        let s = DiscriminationScore.score(perturbation: 1, predDelta: pred[...], realDeltas: real, genes: 2, excluded: [])
        #expect(s == 1 - 1.0 / 3)
        // Excluding gene 1 for p: distances |0-.2|, |1-.2|, |5-.2| -> same rank.
        #expect(DiscriminationScore.score(perturbation: 1, predDelta: pred[...], realDeltas: real, genes: 2,
                                          excluded: [1]) == 1 - 1.0 / 3)
        // Ties keep index order: q = 0 and q = 1 equally far -> p = 1 ranks after q = 0.
        let tied: [Float] = [1, 1, 1, 1]
        #expect(DiscriminationScore.score(perturbation: 1, predDelta: pred[...], realDeltas: tied, genes: 2,
                                          excluded: []) == 0.5)
    }

    @Test func describeMatchesPolars() {
        // polars 2.1.0 describe() of [1, NaN, 3, null, 5]:
        // count 4, null_count 1, mean NaN, std NaN, min 1, 25% 3, 50% 5, 75% 5, max 5.
        let s = MetricSummary([1, .nan, 3, nil, 5]).values
        #expect(s[0] == 4 && s[1] == 1 && s[2]!.isNaN && s[3]!.isNaN)
        #expect(s[4] == 1 && s[5] == 3 && s[6] == 5 && s[7] == 5 && s[8] == 5)
        // [0.1 ... 0.7]: std 0.21602468994692867, 25% 0.3, 50% 0.4, 75% 0.6 (nearest, halves up).
        let t = MetricSummary([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]).values
        #expect(abs(t[3]! - 0.21602468994692867) < 1e-15)
        #expect(t[5] == 0.3 && t[6] == 0.4 && t[7] == 0.6)
        // One value: std null; all null: only the counts.
        #expect(MetricSummary([2, nil]).values[3] == nil)
        #expect(MetricSummary([nil, nil]).values == [0, 2, nil, nil, nil, nil, nil, nil, nil])
    }

    @Test func spearmanBrown() {
        #expect(Ceiling.spearmanBrown(0.5) == 2.0 / 3)
        #expect(Ceiling.spearmanBrown(1) == 1)
    }
}
