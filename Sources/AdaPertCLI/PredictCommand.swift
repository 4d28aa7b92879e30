import ArgumentParser
import DistTrain
import Foundation
import Inference
import Logging
import Model

/// `adapert predict`: per-cell predictions of a trained run in cell-eval's layout.
public struct PredictCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the response to perturbations with a trained run, as cells in cell-eval's layout.",
        discussion: """
            Uses the checkpoint's validation-selected parameters and the responder threshold chosen on the \
            validation split. Writes PRED.h5ad (obs 'target_gene', the real control cells first as \
            'non-targeting', X log1p float32 CSR) and PRED.deltas.csv (mean predicted delta per perturbation).

            Examples:
              adapert predict --run runs/demo --output runs/demo/eval/adapert.h5ad --write-real runs/demo/eval/real.h5ad
              adapert predict --run runs/papalexi --split val --perturbations STAT1,JAK2 --output pred.h5ad
            """
    )

    @Option(help: "Checkpoint to use (default: the newest in the run).") var checkpoint: String?
    @Option(help: "Screen to predict for instead of the run's (same genes).") var data: String?
    @OptionGroup var target: PredictionTarget
    @Flag(help: "Predict the train-mean delta for targets that are isolated in the graph and not measured.")
    var allowIsolated = false

    public init() {}

    public func run() throws {
        let comm = try MPICommunicator.world()
        let logger = Logger.command("adapert.predict", rank: comm.rank)
        // As training with exact sums: the same bits on any number of ranks need BLAS on one thread per rank.
        let threads = BLASThreads.count
        BLASThreads.runInCallingThread()
        if threads > 1, comm.rank == 0 {
            logger.info("predict runs BLAS on 1 thread per rank, not \(threads), so that predictions do not depend on the number of ranks; mpirun -np CORES adapert predict uses the cores")
        }
        do {
            let loaded = try LoadedRun.open(target.runPath, checkpointPath: checkpoint, dataPath: data, comm: comm, logger: logger)
            let ids = try target.ids(loaded)
            var once = logger  // every rank meets the same isolated targets: rank 0 warns
            if comm.rank != 0 { once.logLevel = .error }
            let isolated = try loaded.isolatedIDs(ids, allow: allowIsolated, logger: once)
            let deltas = try loaded.predictedDeltas(ids, isolated: isolated, comm: comm)
            let threshold = loaded.checkpoint.state.responderThreshold
            try target.write(loaded: loaded, ids: ids, deltas: deltas, comm: comm)
            if comm.rank == 0 { logger.info("predicted \(ids.count) perturbations with \(loaded.checkpointPath) (best step \(loaded.checkpoint.state.bestStep), responder threshold \(threshold)) -> \(target.output)") }
        } catch {
            comm.failFast(error)
        }
    }
}

/// What `predict` and `baseline` predict and where they write it.
struct PredictionTarget: ParsableArguments {
    @Option(name: .customLong("run"), help: "Run directory made by 'adapert train'.") var runPath: String
    @Option(help: "Split whose perturbations to predict: test, val, train or all.") var split = "test"
    @Option(help: "Comma-separated perturbation labels instead of a split.") var perturbations: String?
    @Option(help: "Also write the matching real cells here (input for evaluate).") var writeReal: String?
    @Option(help: "Output .h5ad.") var output: String

    /// The label ids of `--perturbations`, or else of `--split`.
    func ids(_ loaded: LoadedRun) throws -> [Int] { try loaded.perturbationIDs(split: split, list: perturbations) }

    /// Predicted cells, the deltas CSV beside them, and optionally the real cells.
    func write(loaded: LoadedRun, ids: [Int], deltas: [[Float]], comm: some Communicator = LocalCommunicator.oneRank()) throws {
        try PredictionFiles.write(loaded: loaded, ids: ids, deltas: deltas, output: output, writeReal: writeReal, comm: comm)
    }
}
