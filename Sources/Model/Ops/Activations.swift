/// Numerically stable scalar functions shared by gates and losses.
public enum Activation {
    /// sigmoid(x) = 1 / (1 + exp(-x)), evaluated without overflow for either sign.
    @inline(__always)
    public static func sigmoid<T: ModelScalar>(_ x: T) -> T {
        if x >= 0 { return 1 / (1 + T.exp(-x)) }
        let e = T.exp(x)
        return e / (1 + e)
    }

    /// softplus(x) = log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|)).
    @inline(__always)
    public static func softplus<T: ModelScalar>(_ x: T) -> T {
        max(x, 0) + T.log(onePlus: T.exp(-abs(x)))
    }

    /// Binary cross-entropy of probability sigmoid(z) against label y, from the logit:
    /// BCE = softplus(z) - y z; dBCE/dz = sigmoid(z) - y.
    @inline(__always)
    public static func bceWithLogits<T: ModelScalar>(logit z: T, label y: T) -> (loss: T, dLogit: T) {
        (softplus(z) - y * z, sigmoid(z) - y)
    }
}
