import RealModule

/// Student's t distribution tail probabilities through the regularized incomplete beta function.
public enum StudentT {
    /// Two-sided p-value P(|T| >= |t|) for T ~ t(df): I_x(df / 2, 1 / 2) with x = df / (df + t^2).
    /// The complement 1 - x = t^2 / (df + t^2) is passed exactly so small p-values keep full precision.
    public static func twoSidedPValue(t: Double, degreesOfFreedom df: Double) -> Double {
        precondition(df > 0, "degrees of freedom must be positive")
        guard t.isFinite else { return t.isNaN ? .nan : 0 }
        let t2 = t * t
        let denominator = df + t2
        return IncompleteBeta.regularized(a: df / 2, b: 0.5, x: df / denominator, oneMinusX: t2 / denominator)
    }
}

/// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b).
public enum IncompleteBeta {
    /// I_x(a, b) for a, b > 0 and x in [0, 1], evaluated by the continued fraction of Numerical Recipes
    /// (modified Lentz) on whichever of I_x(a, b) and 1 - I_{1-x}(b, a) converges fast
    /// (x < (a + 1) / (a + b + 2) for the first). `oneMinusX` lets callers supply 1 - x without cancellation.
    public static func regularized(a: Double, b: Double, x: Double, oneMinusX: Double? = nil) -> Double {
        precondition(a > 0 && b > 0, "I_x(a, b) needs a, b > 0")
        let y = oneMinusX ?? (1 - x)
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        // front = x^a y^b / (B(a, b)), in logs.
        let logFront = Double.logGamma(a + b) - Double.logGamma(a) - Double.logGamma(b)
            + a * Double.log(x) + b * Double.log(y)
        if x < (a + 1) / (a + b + 2) {
            return Double.exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - Double.exp(logFront) * continuedFraction(a: b, b: a, x: y) / b
    }

    /// The continued fraction for I_x(a, b) (Numerical Recipes 6.4, `betacf`), relative tolerance 1e-15.
    static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-15
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
