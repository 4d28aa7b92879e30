import Foundation

/// Which checkpoint files a run directory keeps (rank 0 manages them): the newest `checkpoint.keep`, none
/// past the step training continues from (they belong to an abandoned run: `--resume never`, or resuming
/// from an older PATH, like the metrics rows docs/cli.md drops), and no partial `.tmp` file of a killed writer.
public enum CheckpointRetention {
    /// Removes checkpoints with a step above `step` and partial files; returns the removed paths.
    public static func removeAbandoned(in directory: RunDirectory, after step: Int) -> [String] {
        let partial = ((try? FileManager.default.contentsOfDirectory(atPath: directory.checkpoints)) ?? [])
            .filter { $0.hasPrefix("step_") && $0.hasSuffix(".h5.tmp") }.map { directory.checkpoints + "/" + $0 }
        let abandoned = directory.checkpointFiles().filter { $0.step > step }.map(\.path)
        return (abandoned + partial).filter { (try? FileManager.default.removeItem(atPath: $0)) != nil }
    }

    /// Keeps the newest `keep` checkpoints.
    public static func prune(_ directory: RunDirectory, keep: Int) {
        for old in directory.checkpointFiles().dropFirst(keep) {
            try? FileManager.default.removeItem(atPath: old.path)
        }
    }
}
