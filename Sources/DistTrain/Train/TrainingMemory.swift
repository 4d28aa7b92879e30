import Core
import Model

/// The memory one rank's model takes in training, known before any of it is allocated, so that a model size
/// this machine cannot hold (`model.hidden: 4096` with `model.layers: 64`) is refused with the figure instead
/// of ending in an out-of-memory kill.
///
/// Per parameter: parameters, gradients, the two AdamW moments and the best parameters (Float each, 20 bytes),
/// and with exact sums the two fixed-point words (Int64 each, 16 bytes) and the Double copy of one example's
/// gradient (8 bytes). Plus the activation arena of one training pass: one perturbation with exact sums
/// (each example runs alone), ⌈P / R⌉ with float sums.
public enum TrainingMemory {
    public static func bytes(config: RunConfig, run: PreparedRun, worldSize: Int) -> (parameters: Int, activations: Int) {
        let graph = run.context.graph
        let count = AdaPertNetwork.parameterCount(config: config.model, nodes: graph.nodeCount,
                                                  features: run.context.featureCount, genes: run.context.geneCount)
        let exact = config.training.gradientSum == .exact
        let perPass = exact ? 1 : (config.training.perturbationsPerStep + worldSize - 1) / worldSize
        let activations = AdaPertNetwork.activationBytes(config: config.model, nodes: graph.nodeCount,
                                                         edges: graph.edgeCount, genes: run.context.geneCount,
                                                         perturbations: perPass, withBackward: true)
        return (count * (exact ? 44 : 20), activations)
    }

    /// Throws, naming the sizes and the keys that set them, when `bytes` exceeds `budget`.
    public static func require(config: RunConfig, run: PreparedRun, worldSize: Int,
                               budget: UInt64 = MemoryBudget.bytes) throws {
        let (parameters, activations) = bytes(config: config, run: run, worldSize: worldSize)
        let (total, overflow) = parameters.addingReportingOverflow(activations)
        try MemoryBudget.require(
            count: overflow ? Int.max : total, bytesEach: 1,
            for: "the model (model.hidden \(config.model.hidden), model.layers \(config.model.layers), "
                + "\(run.context.graph.nodeCount) graph nodes): its parameters with optimiser state and one training pass",
            fix: "lower model.hidden or model.layers (or training.perturbations_per_step with gradient_sum: float)",
            budget: budget)
    }
}
