import Model

/// What one optimisation step (`Trainer.trainStep`) reports: the loss over the global batch, the cells it
/// averaged, the gradient norm before clipping, and the learning rate it applied.
struct StepResult {
    let loss: LossBreakdown
    let cells: Int
    let gradNorm: Double
    let lr: Double
}
