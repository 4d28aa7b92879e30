import AnnData
import KnowledgeGraph
import Model
import Simulator

/// A training run's settings: the YAML file of docs/cli.md ("Run config") with every default filled in.
/// Sections `data`, `model`, `training`, `checkpoint`, `output`; the defaults below are the documented ones.
public struct RunConfig: Codable, Equatable, Sendable {
    public var data = DataConfig()
    public var model = ModelConfig()
    public var training = TrainingConfig()
    public var checkpoint = CheckpointConfig()
    public var output = OutputConfig()

    public init() {}

    /// Dotted keys whose value may differ between a checkpoint's config and a resumed run (docs/cli.md).
    public static func mayChangeOnResume(_ key: String) -> Bool {
        key == "training.max_steps" || key.hasPrefix("checkpoint.") || key.hasPrefix("output.")
    }
}

public struct DataConfig: Codable, Equatable, Sendable {
    /// The .h5ad screen; empty means "use `simulate`".
    public var path = ""
    /// Settings of the simulated screen generated into `$ADAPERT_CACHE` when `path` is empty.
    public var simulate = SimulationSettings()
    /// Knowledge-graph edge list (CSV/TSV, STRING, GEARS, GMT); empty: a simulated screen's own graph.
    public var graph = ""
    /// STRING's `protein.info` (or aliases) file mapping the graph's protein ids to gene symbols; empty: a
    /// STRING file's ids are taken as they are.
    public var graphAliases = ""
    /// Which graph nodes the network holds: measured genes + targets, or also genes within K hops.
    public var graphNodes = GraphNodeSelection.induced
    /// obs column with the perturbation labels; empty: auto-detected (docs/cli.md order).
    public var perturbationKey = ""
    /// The control label; empty: auto-detected.
    public var control = ""
    /// Labels whose cells are dropped (ambiguous guide calls).
    public var exclude = PerturbationLabels.defaultExcluded
    /// `layers/NAME` to read instead of X; empty: X.
    public var layer = ""
    /// Number of highly variable genes kept (measured targets always kept); 0 keeps every gene.
    public var hvg = 2000
    public var split = SplitConfig()

    public init() {}

    enum CodingKeys: String, CodingKey {
        case path, simulate, graph, control, exclude, layer, hvg, split
        case graphNodes = "graph_nodes", perturbationKey = "perturbation_key", graphAliases = "graph_aliases"
    }
}

/// Seeded split of perturbation targets; every perturbation touching a test target is in test, so test
/// targets are never perturbed in training.
public struct SplitConfig: Codable, Equatable, Sendable {
    /// What the test perturbations leave unseen in training.
    public enum Unseen: String, ConfigChoice, Sendable {
        /// Target genes: no perturbation touching a test target trains.
        case targets
        /// Double perturbations: every single trains, the doubles are split (GEARS's combination setting).
        case combinations
    }

    public var seed = 0
    public var valFraction = 0.15
    public var testFraction = 0.2
    public var unseen = Unseen.targets
    /// An explicit split.json (train, val, test label lists) instead of the seeded split; empty: seeded.
    public var file = ""

    public init() {}

    enum CodingKeys: String, CodingKey {
        case seed, unseen, file
        case valFraction = "val_fraction", testFraction = "test_fraction"
    }
}

public struct TrainingConfig: Codable, Equatable, Sendable {
    /// How the gradients of a step's examples are summed over ranks.
    public enum GradientSum: String, ConfigChoice, Sendable {
        /// Per-example gradients summed in fixed point (`ExactSum`): bit-identical for every world size.
        case exact
        /// One batched backward per rank and a Float allreduce: faster, world-size dependent in the last bits.
        case float
    }

    /// Sets the learning-rate schedule's length: one epoch samples every training perturbation once.
    public var epochs = 40
    /// A stop cap only (0: none); may differ on resume.
    public var maxSteps = 0
    public var perturbationsPerStep = 16
    public var cellsPerPerturbation = 64
    public var lr = 1e-3
    public var weightDecay = 5e-4
    /// Share of all steps spent in linear warm-up before the cosine decay.
    public var warmupFraction = 0.05
    public var gradClip = 1.0
    public var gradientSum = GradientSum.exact
    public var seed = 0
    /// Validation every this many steps (and at the end).
    public var evalEvery = 50
    /// Early stopping after this many validations without improvement.
    public var patience = 10

    public init() {}

    enum CodingKeys: String, CodingKey {
        case epochs, lr, seed, patience
        case maxSteps = "max_steps", perturbationsPerStep = "perturbations_per_step"
        case cellsPerPerturbation = "cells_per_perturbation", weightDecay = "weight_decay"
        case warmupFraction = "warmup_fraction", gradClip = "grad_clip", evalEvery = "eval_every"
        case gradientSum = "gradient_sum"
    }
}

public struct CheckpointConfig: Codable, Equatable, Sendable {
    public var everySteps = 100
    public var keep = 3

    public init() {}

    enum CodingKeys: String, CodingKey {
        case keep
        case everySteps = "every_steps"
    }
}

public struct OutputConfig: Codable, Equatable, Sendable {
    /// A progress line every this many steps when stdout is not a terminal.
    public var logEvery = 10

    public init() {}

    enum CodingKeys: String, CodingKey {
        case logEvery = "log_every"
    }
}
