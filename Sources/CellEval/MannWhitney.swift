import Foundation

/// Two-sided Mann-Whitney U test, asymptotic normal approximation with tie and continuity correction, exactly
/// as numba_mwu 0.2.0 (used by pdex 0.3.0) computes it, operation for operation:
///   U1 = R1 - n1 (n1 + 1) / 2,  U = max(U1, n1 n2 - U1),  mu = n1 n2 / 2,
///   s^2 = n1 n2 / 12 * ((n + 1) - sum(t^3 - t) / (n (n - 1))),   p = 2 Phi(-(U - mu - 1/2) / s), clipped to [0, 1];
///   p = 1 when s^2 <= 0 (all values tied).
enum MannWhitney {
    /// The p-value from the rank sum `r1` of the first sample in the combined ranking.
    static func pValue(rankSum r1: Double, n1: Int, n2: Int, tieTerm: Double) -> Double {
        let n = n1 + n2
        let u1 = r1 - Double(n1) * (Double(n1) + 1.0) / 2.0
        let u2 = Double(n1 * n2) - u1
        let u = max(u1, u2)
        let mu = Double(n1 * n2) / 2.0
        let denominator = Double(n) * (Double(n) - 1.0)
        let varianceInner = (Double(n) + 1.0) - tieTerm / denominator
        let sSquared = Double(n1 * n2) / 12.0 * varianceInner
        if sSquared <= 0 { return 1 }
        let z = (u - mu - 0.5) / sSquared.squareRoot()
        // numba_mwu: _ndtr(-z) * 2 with _ndtr(x) = 0.5 erfc(-x / sqrt(2)).
        let p = 0.5 * erfc(z / 2.0.squareRoot()) * 2.0
        return min(max(p, 0), 1)
    }

    /// The test of `group` (sorted ascending, modified in place by nothing) against a prepared reference column:
    /// ranks are averaged over ties of the combined sample.
    static func pValue(sortedGroup x: UnsafeBufferPointer<Float>, reference: ReferenceColumn) -> Double {
        var rankSum = 0.0
        var tieTerm = reference.tieTerm
        var k = 0
        var i = 0
        while i < x.count {
            let v = x[i]
            var j = i
            while j + 1 < x.count && x[j + 1] == v { j += 1 }
            let inGroup = j - i + 1
            k = reference.lowerBound(v, from: k)
            let referenceBelow = reference.below[k]
            let referenceEqual = (k < reference.distinct.count && reference.distinct[k] == v)
                ? reference.below[k + 1] - referenceBelow : 0
            let tied = Double(inGroup + referenceEqual)
            let below = Double(i + referenceBelow)
            rankSum += Double(inGroup) * (below + (tied + 1) / 2)
            let r = Double(referenceEqual)
            tieTerm += (tied * tied * tied - tied) - (r * r * r - r)
            i = j + 1
        }
        return pValue(rankSum: rankSum, n1: x.count, n2: reference.count, tieTerm: tieTerm)
    }
}
