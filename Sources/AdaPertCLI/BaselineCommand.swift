import ArgumentParser
import DistTrain
import Foundation
import Inference
import Logging

extension BaselineKind: ExpressibleByArgument {}

/// `adapert baseline`: a reference model fitted on a run's training split, written like `predict`'s output.
public struct BaselineCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Predict with a baseline fitted on a run's training split, in predict's layout.",
        discussion: """
            control: delta 0 (predicted cells are control cells). train-mean: the mean observed delta of the \
            training perturbations (the mean-collapse reference). linear: Ahlmann-Eltze et al. 2025 (top-10 PCA \
            gene embedding, ridge lambda 0.1). graph-knn: the graph prior r_p (personalised PageRank over the \
            knowledge graph, top 5 training perturbations). Same preprocessing, genes and split as the run.

            Examples:
              adapert baseline train-mean --run runs/demo --output runs/demo/eval/train-mean.h5ad
              adapert baseline graph-knn --run runs/demo --output gk.h5ad --write-real real.h5ad
              adapert baseline linear --run runs/demo --perturbations STAT1,JAK2 --output linear.h5ad
            """
    )

    @Argument(help: "Baseline: control, train-mean, linear, graph-knn or additive (double perturbations: the sum of the singles' training deltas).") var kind: BaselineKind
    @OptionGroup var target: PredictionTarget
    @Flag(help: "Accept targets that are isolated in the graph and not measured (every baseline then gives them the train-mean delta, control 0).")
    var allowIsolated = false

    public init() {}

    public func run() throws { run(comm: try MPICommunicator.world()) }

    /// The command on `comm` (tests pass a one-rank `LocalCommunicator`; see `TrainCommand.run(comm:)`).
    func run(comm: some Communicator) {
        comm.requireOneProcess("baseline")
        let logger = Logger.command("adapert.baseline", rank: comm.rank)
        do {
            let loaded = try LoadedRun.open(target.runPath, comm: comm, logger: logger)
            let ids = try target.ids(loaded)
            _ = try loaded.isolatedIDs(ids, allow: allowIsolated, logger: logger)
            let deltas = loaded.baselineDeltas(kind, ids: ids)
            try target.write(loaded: loaded, ids: ids, deltas: deltas)
            logger.info("\(kind.rawValue) baseline for \(ids.count) perturbations -> \(target.output)")
        } catch {
            comm.failFast(error)
        }
    }
}
