/// Per-gene precision weights of the effect loss (docs/model.md): omega = 1 + alpha * min(|t|, t_max) / t_max,
/// so genes with a clear Welch t count up to 1 + alpha times as much as noise.
public struct PrecisionWeights: Equatable, Sendable {
    public var alpha: Double
    public var tMax: Double

    /// docs/model.md's alpha = 4, t_max = 10 (the run config's `model.loss.alpha`/`t_max` default to these).
    public static let modelDefault = PrecisionWeights(alpha: 4, tMax: 10)

    public init(alpha: Double, tMax: Double) {
        precondition(alpha >= 0 && tMax > 0, "alpha must be >= 0 and t_max > 0")
        self.alpha = alpha
        self.tMax = tMax
    }

    public func weights(t: [Double]) -> [Double] {
        t.map { 1 + alpha * min(abs($0), tMax) / tMax }
    }
}
