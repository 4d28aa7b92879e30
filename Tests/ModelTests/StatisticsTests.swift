import Numerics
import Testing
@testable import Model

// Reference values: scipy 1.17.1 (2 * scipy.stats.t.sf(|t|, df), scipy.special.betainc,
// scipy.stats.ttest_ind(equal_var=False), scipy.stats.false_discovery_control), computed once and pasted.

@Test func studentTTwoSidedPValuesMatchScipy() {
    let cases: [(t: Double, df: Double, p: Double)] = [
        (2.0, 10, 0.07338803477074037), (0.5, 3.3, 0.6485350763995584), (5.0, 100, 2.450173413503802e-06),
        (10.0, 2.5, 0.0044414957673074235), (-3.0, 7, 0.019942126131992536), (30.0, 5000, 5.691658117861631e-182),
        (1e-3, 1.5, 0.9993185302267198), (8.0, 40000, 1.2774334510565704e-15),
    ]
    for c in cases {
        let p = StudentT.twoSidedPValue(t: c.t, degreesOfFreedom: c.df)
        #expect(p.isApproximatelyEqual(to: c.p, relativeTolerance: 1e-10), "t=\(c.t) df=\(c.df): \(p) vs \(c.p)")
    }
}

@Test func regularizedIncompleteBetaMatchesScipy() {
    let cases: [(a: Double, b: Double, x: Double, value: Double)] = [
        (0.5, 0.5, 0.3, 0.36901011956554536), (2, 3, 0.4, 0.5247999999999999), (10, 0.5, 0.95, 0.31715157546554495),
        (100, 200, 0.33, 0.45661816333399713), (1.5, 7.25, 0.01, 0.01486164849651074),
    ]
    for c in cases {
        let v = IncompleteBeta.regularized(a: c.a, b: c.b, x: c.x)
        #expect(v.isApproximatelyEqual(to: c.value, relativeTolerance: 1e-11), "I_\(c.x)(\(c.a), \(c.b)) = \(v)")
    }
}

/// Sufficient statistics of single-gene samples.
private func stats(_ xs: [Double]) -> GroupStatistics {
    GroupStatistics(count: Double(xs.count), sum: [xs.reduce(0, +)], sumOfSquares: [xs.reduce(0) { $0 + $1 * $1 }],
                    nonZeros: [Double(xs.filter { $0 != 0 }.count)])
}

@Test func welchTestMatchesScipy() {
    let test = WelchTest(perturbation: stats([1.2, 0.0, 3.4, 2.2, 0.7, 1.9]),
                         control: stats([0.1, 0.0, 0.5, 0.3, 0.9, 0.2, 0.0, 0.4]))
    #expect(test.t[0].isApproximatelyEqual(to: 2.523896379950652, relativeTolerance: 1e-12))
    #expect(test.pValues[0].isApproximatelyEqual(to: 0.04877359723626273, relativeTolerance: 1e-9))
}

@Test func welchTestIsZeroWithoutVarianceAndFloorsTheOther() {
    let constant = WelchTest(perturbation: stats([2, 2, 2]), control: stats([1, 1, 1, 1]))
    #expect(constant.t == [0] && constant.pValues == [1])
    let oneSided = WelchTest(perturbation: stats([0, 0, 0]), control: stats([0, 1, 0, 1]))
    #expect(oneSided.t[0] < 0 && oneSided.pValues[0] < 1)
    let tooFew = WelchTest(perturbation: stats([5]), control: stats([0, 1, 0, 1]))
    #expect(tooFew.t == [0])
}

@Test func benjaminiHochbergMatchesScipy() {
    let p = [0.01, 0.04, 0.03, 0.2, 0.001, 0.5, 0.04, 0.9]
    let expected = [0.04, 0.064, 0.064, 0.26666666666666666, 0.008, 0.5714285714285714, 0.064, 0.9]
    for (q, e) in zip(BenjaminiHochberg.adjust(p), expected) {
        #expect(q.isApproximatelyEqual(to: e, relativeTolerance: 1e-12))
    }
    #expect(BenjaminiHochberg.significant(p) == [true, false, false, false, true, false, false, false])
}

@Test func precisionWeightsSaturateAtTMax() {
    #expect(PrecisionWeights.modelDefault.weights(t: [0, -5, 10, 42]) == [1, 3, 5, 5])
}

@Test func perturbationEffectsGiveDeltaAndLabels() {
    // Gene 0 moves by +2 with little noise; gene 1 does not move.
    let p = GroupStatistics(count: 50, sum: [150, 50], sumOfSquares: [50 * 9 + 2, 50 + 49 * 0.02 * 50], nonZeros: [50, 50])
    let c = GroupStatistics(count: 80, sum: [80, 80], sumOfSquares: [80 + 3, 80 + 79 * 0.02 * 80], nonZeros: [80, 80])
    let effects = PerturbationEffects(perturbation: p, control: c)
    #expect(effects.observedDelta == [2, 0])
    #expect(effects.isDEG == [true, false])
    #expect(effects.weights[0] == 5 && effects.weights[1] == 1)
}

@Test func medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
    #expect(median([3, 1, 2]) == 2)
    #expect(median([10, 1, 4, 2]) == 3)
    #expect(median([]) == nil)
}
