/// Per-gene precision weights of the effect loss (model.md): omega = 1 + alpha * min(|t|, t_max) / t_max,
/// so genes with a clear Welch t count up to 1 + alpha times as much as noise.
public struct PrecisionWeights: Equatable, Sendable {
    public var alpha: Double
    public var tMax: Double

    public init(alpha: Double = 4, tMax: Double = 10) {
        precondition(alpha >= 0 && tMax > 0, "alpha must be >= 0 and t_max > 0")
        self.alpha = alpha
        self.tMax = tMax
    }

    public func weights(t: [Double]) -> [Double] {
        t.map { 1 + alpha * min(abs($0), tMax) / tMax }
    }
}
