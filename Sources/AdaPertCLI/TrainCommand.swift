import ArgumentParser
import DistTrain
import Foundation
import Inference
import Logging
import Model

/// `adapert train`: data-parallel training under mpirun (or one process), with checkpoints and resume.
public struct TrainCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train AdaPert on a screen, on one process or across MPI ranks.",
        discussion: """
            Reads the run config (YAML; unknown keys are an error), prepares the data (each rank reads its \
            slice of the file; cells are routed to the rank owning their perturbation), and trains. Rank 0 \
            writes RUN_DIR/config.yaml, split.json, metrics.csv and checkpoints/step_NNNNNNNN.h5. SIGTERM or \
            SIGUSR1 stop all ranks after the same step with a checkpoint; the run resumes from it, also on \
            another number of ranks. --resume auto skips a damaged newest checkpoint (and says so) and ends at \
            once, exit 0, when the run has finished; --resume never starts over and removes the run \
            directory's earlier checkpoints.

            Examples:
              adapert train --config configs/demo.yaml --output runs/demo
              mpirun -np 2 adapert train --config configs/demo.yaml --output runs/demo
              adapert train --config configs/papalexi.yaml --set training.max_steps=200 --dry-run
              adapert train --config configs/demo.yaml --output runs/demo --resume never
            """
    )

    @Option(help: "Run config (YAML).")
    var config: String

    @Option(name: .customLong("set"), help: "Override a config key, e.g. --set training.lr=0.0005 (repeatable).")
    var overrides: [String] = []

    @Option(help: "Run directory (default: runs/<config name>).")
    var output: String?

    @Option(help: "auto: continue from the newest complete checkpoint in the run directory; never: start over; or a checkpoint path.")
    var resume: String = "auto"

    @Flag(help: "Validate config and data, print settings, shard sizes and memory per rank; train nothing.")
    var dryRun = false

    public init() {}

    public func run() throws { run(comm: try MPICommunicator.world()) }

    /// The command on `comm`'s ranks; tests pass a `LocalCommunicator`, so the test process never starts MPI
    /// (an MPI singleton reaps child processes that the tests start and wait for).
    func run(comm: some Communicator) {
        StopSignal.install()
        let logger = Logger.command("adapert.train", rank: comm.rank)
        do {
            try TrainingSession(options: self, comm: comm, logger: logger).run()
        } catch {
            comm.failFast(error)
        }
    }

    var runDirectory: String {
        output ?? "runs/" + URL(fileURLWithPath: config).deletingPathExtension().lastPathComponent
    }
}

/// One invocation of `adapert train` on one rank.
struct TrainingSession<Comm: Communicator> {
    let options: TrainCommand
    let comm: Comm
    let logger: Logger

    func run() throws {
        let config = try RunConfigLoader.load(path: options.config, overrides: options.overrides)
        if config.training.gradientSum == .exact { oneBLASThread() }
        let directory = RunDirectory(options.runDirectory)
        let resumeFrom = try ResumePoint.find(options.resume, in: directory, config: config, logger: logger, rank: comm.rank)
        if let resumeFrom, !options.dryRun,
           let done = ResumePoint.nothingLeft(resumeFrom.checkpoint.state, maxSteps: config.training.maxSteps) {
            // Before any data is read: a Slurm requeue of a job that had just finished ends at once.
            if comm.rank == 0 { logger.notice("\(resumeFrom.path): \(done); nothing to train. Raise training.max_steps, or start over with --resume never or another --output") }
            return
        }
        let inputs = try RunInputs.resolve(config, comm: comm, logger: logger)
        let run = try PreparedRun.prepare(config: config, dataPath: inputs.dataPath, graphPath: inputs.graphPath,
                                          comm: comm, logger: logger)
        if let resumeFrom { try ResumePoint.requireSameData(resumeFrom.checkpoint, path: resumeFrom.path, run: run) }
        try TrainingMemory.require(config: config, run: run, worldSize: comm.size)  // a dry run too says it does not fit
        if options.dryRun {
            try DryRun.report(config: config, run: run, inputs: inputs, comm: comm)
            return
        }
        let control = try ControlSample.gather(run: run, limit: 1024, comm: comm)
        let trainer = Trainer(config: config, run: run, validationControl: control, logger: logger)
        if let resumeFrom { try trainer.restore(resumeFrom.checkpoint, path: resumeFrom.path) }
        // Only now, with every input read and checked, does the run directory change.
        let yaml = try RunConfigLoader.yaml(config)
        var metrics: MetricsLog?
        if comm.rank == 0 {
            let startStep = resumeFrom?.checkpoint.state.step ?? 0
            try directory.create()
            metrics = try MetricsLog(path: directory.metrics, keepThrough: startStep)
            let removed = CheckpointRetention.removeAbandoned(in: directory, after: startStep)
            if !removed.isEmpty { logger.notice("removed \(removed.count) checkpoint file(s) past the starting step (an earlier run's, or partial): \(removed.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))") }
            try yaml.write(toFile: directory.config, atomically: true, encoding: .utf8)
            try run.split.write(to: directory.split)
            if let resumeFrom {
                logger.notice("resuming from \(resumeFrom.path) at step \(resumeFrom.checkpoint.state.step) (saved by \(resumeFrom.checkpoint.worldSize) ranks, now \(comm.size))")
            }
        }
        if comm.rank == 0 {
            logger.notice("training on \(comm.size) rank(s): \(run.trainingIDs.count) training, \(run.split.val.count) validation, \(run.split.test.count) test perturbations; \(run.genes.count) genes; \(run.context.graph.nodeCount) graph nodes, \(run.context.graph.edgeCount / 2) edges; steps \(trainer.state.step + 1)...\(trainer.lastStep) of \(trainer.totalSteps)")
        }
        try trainer.train(comm: comm, metrics: metrics) { trainer in
            guard comm.rank == 0 else { return }
            try trainer.checkpoint(configYAML: yaml, worldSize: comm.size).write(to: directory.checkpoint(step: trainer.state.step))
            CheckpointRetention.prune(directory, keep: config.checkpoint.keep)
        }
        if comm.rank == 0 {
            logger.notice("done at step \(trainer.state.step); best validation score \(fmt(trainer.state.bestScore)) at step \(trainer.state.bestStep); run directory \(directory.path)")
        }
    }

    /// Exact gradient sums give the same bits on any number of ranks only if every BLAS call does: OpenBLAS
    /// splits a call's work differently over different thread counts, which changes its rounding
    /// (docs/distributed.md, "Exact sums"). So each rank runs BLAS on one thread, as one rank per core does.
    private func oneBLASThread() {
        let threads = BLASThreads.count
        guard threads > 1 else { return }
        BLASThreads.runInCallingThread()
        if comm.rank == 0 { logger.notice("training.gradient_sum: exact runs BLAS on 1 thread per rank, not \(threads), so that results do not depend on the thread count; run one rank per core (mpirun -np CORES), or set training.gradient_sum: float to use the threads") }
    }
}
