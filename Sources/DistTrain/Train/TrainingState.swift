/// Where training stands: what a checkpoint restores besides the parameters and moments.
public struct TrainingState: Equatable, Sendable {
    /// Last completed global step (1-based; 0 before the first).
    public var step = 0
    /// Best validation score so far and the step it was reached at (model selection, early stopping).
    public var bestScore = -Double.infinity
    public var bestStep = 0
    /// Validations since the best one (early stopping's patience counter).
    public var evaluationsSinceBest = 0
    /// Responder-gate threshold chosen on the validation perturbations (docs/model.md step 6).
    public var responderThreshold = 0.5
    /// True once early stopping or the schedule's end has finished the run.
    public var finished = false

    public init() {}
}
