import Foundation
import Logging
import Yams

/// Finds the checkpoint a run continues from (cli.md `--resume auto|never|PATH`) and checks that its config
/// matches: only `training.max_steps`, `checkpoint.*` and `output.*` may change on resume.
enum ResumePoint {
    static func find(_ mode: String, in directory: RunDirectory, config: RunConfig, logger: Logger,
                     rank: Int) throws -> (Checkpoint, String)? {
        let found: (Checkpoint, String)?
        switch mode {
        case "never":
            return nil
        case "auto":
            found = newestReadable(directory, logger: logger, rank: rank)
        default:
            found = (try Checkpoint.read(from: mode), mode)
        }
        guard let (checkpoint, path) = found else { return nil }
        let saved = try RunConfigLoader.decode(try Yams.compose(yaml: checkpoint.configYAML) ?? .mapping([:]), file: path)
        let changed = try RunConfigLoader.differences(saved, config).filter { !RunConfig.mayChangeOnResume($0) }
        guard changed.isEmpty else {
            throw AdaPertError("cannot resume from \(path): config differs in \(changed.joined(separator: ", ")) (only training.max_steps, checkpoint.* and output.* may change); use the same config, another --output, or --resume never")
        }
        return (checkpoint, path)
    }

    /// The newest checkpoint that reads cleanly; damaged newer ones are reported and skipped.
    static func newestReadable(_ directory: RunDirectory, logger: Logger, rank: Int) -> (Checkpoint, String)? {
        for (_, path) in directory.checkpointFiles() {
            do {
                return (try Checkpoint.read(from: path), path)
            } catch {
                if rank == 0 { logger.warning("skipping damaged checkpoint \(path): \(error)") }
            }
        }
        return nil
    }
}
