import Foundation
import Model

/// Samplers for the simulator on top of `SplitMix64`.
extension SplitMix64 {
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * nextUniform() }

    public mutating func int(below n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Gamma(shape k, scale 1): Marsaglia & Tsang (2000); for k < 1, Gamma(k + 1) * U^(1/k).
    mutating func gamma(shape k: Double) -> Double {
        if k < 1 { return gamma(shape: k + 1) * pow(1 - nextUniform(), 1 / k) }
        let d = k - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = nextNormal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = 1 - nextUniform()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// Poisson(lambda): multiplication of uniforms (Knuth) below 10, else PTRS transformed rejection
    /// (Hörmann 1993, as numpy).
    mutating func poisson(_ lambda: Double) -> Int {
        if lambda <= 0 { return 0 }
        if lambda < 10 {
            let limit = exp(-lambda)
            var k = 0, p = nextUniform()
            while p > limit { k += 1; p *= nextUniform() }
            return k
        }
        let slam = lambda.squareRoot(), loglam = log(lambda)
        let b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = nextUniform() - 0.5, v = nextUniform()
            let us = 0.5 - abs(u)
            let k = floor((2 * a / us + b) * u + lambda + 0.43)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invAlpha) - log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1) { return Int(k) }
        }
    }

    /// Negative binomial with the given mean and inverse dispersion theta (variance mean + mean^2 / theta).
    /// Means below 20: inversion of the CDF from P(0) = (theta / (theta + mean))^theta with
    /// P(k + 1) = P(k) (k + theta) / (k + 1) * mean / (theta + mean) (one uniform, a few steps: the common case
    /// in single-cell data); larger means: the Gamma–Poisson mixture.
    mutating func negativeBinomial(mean: Double, theta: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean >= 20 { return poisson(gamma(shape: theta) * mean / theta) }
        let q = mean / (theta + mean)
        var p = exp(theta * log1p(-q))
        var cumulative = p
        let u = nextUniform()
        var k = 0
        while u >= cumulative && k < 10_000 {
            p *= (Double(k) + theta) / Double(k + 1) * q
            k += 1
            cumulative += p
            if p < 1e-17 && Double(k) > mean { break }
        }
        return k
    }
}
