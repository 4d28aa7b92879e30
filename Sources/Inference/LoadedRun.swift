import AnnData
import CellEval
import Core
import DistTrain
import Foundation
import Logging
import Model
import Yams

/// A finished (or checkpointed) run opened for inference: its resolved config, split, a checkpoint, and the
/// data prepared exactly as in training (same preprocessing, genes, graph and priors) in one process.
public struct LoadedRun {
    public let directory: RunDirectory
    public let config: RunConfig
    public let run: PreparedRun
    public let checkpoint: Checkpoint
    public let checkpointPath: String

    /// Opens `runPath`; `checkpointPath` defaults to the newest readable checkpoint; `dataPath` replaces the
    /// config's screen (same genes expected).
    public static func open(_ runPath: String, checkpointPath: String? = nil, dataPath: String? = nil,
                            comm: some Communicator, logger: Logger) throws -> LoadedRun {
        let directory = RunDirectory(runPath)
        guard FileManager.default.fileExists(atPath: directory.config) else {
            throw AdaPertError("\(directory.path) has no config.yaml; pass a run directory made by 'adapert train' to --run")
        }
        var config = try RunConfigLoader.load(path: directory.config)
        if let dataPath { config.data.path = URL(fileURLWithPath: dataPath).standardized.path }
        let saved: SavedCheckpoint
        if let checkpointPath {
            saved = try SavedCheckpoint(reading: checkpointPath)
        } else if let newest = ResumePoint.newestReadable(directory, logger: logger, rank: comm.rank) {
            saved = newest
        } else {
            let files = directory.checkpointFiles().count
            throw AdaPertError(files == 0 ? "\(directory.checkpoints) holds no checkpoint; train first or pass --checkpoint"
                : "\(directory.checkpoints) holds \(files) checkpoint file(s), none of them readable (the warnings above "
                    + "say why); train again or pass --checkpoint")
        }
        let (checkpoint, path) = (saved.checkpoint, saved.path)
        let inputs = try RunInputs.resolve(config, comm: comm, logger: logger)
        let run = try PreparedRun.prepare(config: config, dataPath: inputs.dataPath, graphPath: inputs.graphPath,
                                          comm: comm, logger: logger)
        guard run.genes == checkpoint.genes else {
            let missing = Set(checkpoint.genes).subtracting(run.genes).sorted().prefix(10)
            let extra = Set(run.genes).subtracting(checkpoint.genes).sorted().prefix(10)
            let how = !missing.isEmpty ? "missing e.g. \(missing.joined(separator: ", "))"
                : !extra.isEmpty ? "it has \(run.genes.count), extra e.g. \(extra.joined(separator: ", "))" : "in another order"
            throw AdaPertError("\(inputs.dataPath) does not give the run's \(checkpoint.genes.count) genes (\(how)); use the training data or one with the same genes")
        }
        // A checkpoint of another run, on the run's own data: its parameters were fitted to another screen.
        if checkpointPath != nil, dataPath == nil, let what = ResumePoint.otherData(checkpoint, run: run) {
            throw AdaPertError("\(path) was trained on other data than the run \(directory.path): \(what); pass one of "
                + "\(directory.checkpoints)/step_*.h5, or that checkpoint's own run to --run")
        }
        if checkpoint.state.bestStep == 0, comm.rank == 0 {
            logger.warning("\(path): no validation ran before this checkpoint (step \(checkpoint.state.step)), so its selected parameters are the initial random ones and model predictions mean nothing; train with a validation split and training.eval_every at most training.max_steps")
        }
        return LoadedRun(directory: directory, config: config, run: run, checkpoint: checkpoint, checkpointPath: path)
    }

    /// The network with the checkpoint's best (validation-selected) parameters.
    public func model() throws -> AdaPertNetwork {
        let model = AdaPertNetwork(config: config.model, context: run.context, seed: UInt64(config.training.seed))
        model.store.parameters = try checkpoint.values(checkpoint.bestParameters, into: model.store, path: checkpointPath)
        return model
    }

    /// Label ids of a split, or of an explicit comma-separated list of labels (canonicalised).
    public func perturbationIDs(split: String, list: String?) throws -> [Int] {
        guard let list else { return run.ids(try run.split.labels(split)) }
        let index = Dictionary(uniqueKeysWithValues: run.annotation.labels.enumerated().map { ($1, $0) })
        let raws = list.split(separator: ",")
        guard !raws.isEmpty else { throw AdaPertError("--perturbations is empty; pass comma-separated labels, or leave it out for the split's") }
        return try raws.map { raw in
            let label = PerturbationLabels.canonical(String(raw))
            guard let id = index[label], id != run.annotation.controlIndex else {
                throw AdaPertError("perturbation '\(raw)' is not in \(run.dataPath) (labels there include \(run.annotation.perturbations.prefix(5).joined(separator: ", ")), ...); pass labels of the screen")
            }
            return id
        }
    }

    /// Targets with nothing to predict them from: isolated in the graph, not measured genes, and not the
    /// target of any training perturbation (a trained target has a learned embedding, and its single's observed
    /// delta enters the additive prior of a double).
    /// `trained` is `trainedTargetNodes`, built once by a caller that asks about many perturbations.
    public func isolatedTargets(_ p: Int, trained: Set<Int>? = nil) -> [String] {
        let graph = run.context.graph
        return Self.uninformedNodes(run.targetNodes[p], graph: graph, measuredGenes: run.genes.count,
                                    trained: trained ?? trainedTargetNodes)
            .map { graph.nodeNames[$0] }
    }

    /// The target nodes of the training perturbations.
    public var trainedTargetNodes: Set<Int> { Set(run.trainingIDs.flatMap { run.targetNodes[$0] }) }

    /// The nodes among `nodes` that are not measured genes (index >= `measuredGenes`), have no edge in `graph`
    /// and are not in `trained` (the target nodes of the training perturbations).
    static func uninformedNodes(_ nodes: [Int], graph: GeneGraph, measuredGenes: Int, trained: Set<Int>) -> [Int] {
        nodes.filter { node in
            node >= measuredGenes && graph.inOffsets[node] == graph.inOffsets[node + 1] && !trained.contains(node)
        }
    }

    /// All control cells of the data, dense, in file order.
    public var controlCells: CellMatrix {
        let rows = run.shard.cellCount(of: run.controlGroup)
        return CellMatrix(rows: rows, columns: run.genes.count, values: run.shard.denseCells(of: run.controlGroup))
    }

    /// Real cells of perturbation `p`, dense.
    public func realCells(_ p: Int) -> CellMatrix {
        CellMatrix(rows: run.shard.cellCount(of: Int32(p)), columns: run.genes.count,
                   values: run.shard.denseCells(of: Int32(p)))
    }
}
