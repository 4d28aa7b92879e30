import Core
import Foundation
import Logging
import Yams

/// Finds the checkpoint a run continues from (docs/cli.md `--resume auto|never|PATH`) and checks that its config
/// matches: only `training.max_steps`, `checkpoint.*` and `output.*` may change on resume.
public enum ResumePoint {
    public static func find(_ mode: String, in directory: RunDirectory, config: RunConfig, logger: Logger,
                            rank: Int) throws -> SavedCheckpoint? {
        let found: SavedCheckpoint?
        switch mode {
        case "never":
            return nil
        case "auto":
            found = newestReadable(directory, logger: logger, rank: rank)
        default:
            found = try SavedCheckpoint(reading: mode)
        }
        guard let found else { return nil }
        let saved = try RunConfigLoader.decode(try Yams.compose(yaml: found.checkpoint.configYAML) ?? .mapping([:]),
                                               file: found.path)
        let changed = try RunConfigLoader.differences(saved, config).filter { !RunConfig.mayChangeOnResume($0) }
        guard changed.isEmpty else {
            throw AdaPertError("cannot resume from \(found.path): config differs in \(changed.joined(separator: ", ")) (only training.max_steps, checkpoint.* and output.* may change); use the same config, another --output, or --resume never")
        }
        return found
    }

    /// Why a run saved in `state` has no steps left under `maxSteps` (0: no cap), or nil when it has.
    public static func nothingLeft(_ state: TrainingState, maxSteps: Int) -> String? {
        if state.finished { return "the run finished at step \(state.step) (end of the schedule or early stopping)" }
        if maxSteps > 0 && state.step >= maxSteps { return "the run is at step \(state.step) and training.max_steps is \(maxSteps)" }
        return nil
    }

    /// Refuses a checkpoint trained on other data, naming what differs: the genes, the perturbation labels,
    /// or (same genes and labels) the cells.
    public static func requireSameData(_ checkpoint: Checkpoint, path: String, run: PreparedRun) throws {
        guard let what = otherData(checkpoint, run: run) else { return }
        throw AdaPertError("cannot resume from \(path): it was trained on other data: \(what); use another --output or --resume never")
    }

    /// How `checkpoint`'s training data differs from `run`'s (genes, then labels, then cells); nil when it is the same.
    public static func otherData(_ checkpoint: Checkpoint, run: PreparedRun) -> String? {
        guard checkpoint.dataFingerprint != run.fingerprint else { return nil }
        if checkpoint.genes != run.genes {
            let first = zip(checkpoint.genes, run.genes).first { $0 != $1 }.map { " (first difference: '\($0.0)' vs '\($0.1)')" } ?? ""
            return "its \(checkpoint.genes.count) genes differ from this data's \(run.genes.count)\(first)"
        } else if checkpoint.perturbations != run.annotation.labels {
            let missing = Set(run.annotation.labels).subtracting(checkpoint.perturbations).sorted().prefix(3)
            return "its \(checkpoint.perturbations.count) perturbation labels differ from this data's \(run.annotation.labels.count) (new here: \(missing.joined(separator: ", ")))"
        }
        return "the same genes and labels, but other cells (data fingerprint \(checkpoint.dataFingerprint) vs \(run.fingerprint))"
    }

    /// The newest checkpoint that reads cleanly; damaged newer ones are reported and skipped.
    public static func newestReadable(_ directory: RunDirectory, logger: Logger, rank: Int) -> SavedCheckpoint? {
        for (_, path) in directory.checkpointFiles() {
            do {
                return try SavedCheckpoint(reading: path)
            } catch {
                if rank == 0 { logger.warning("skipping damaged checkpoint \(path): \(error)") }
            }
        }
        return nil
    }
}
