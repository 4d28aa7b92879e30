import Core
import Foundation

/// The files of a run directory (docs/cli.md): resolved `config.yaml`, `metrics.csv`, `split.json`,
/// `checkpoints/step_NNNNNNNN.h5`, and `eval/` for predictions and evaluations.
public struct RunDirectory: Sendable {
    public let path: String

    public init(_ path: String) {
        self.path = URL(fileURLWithPath: path).standardized.path
    }

    public var config: String { path + "/config.yaml" }
    public var metrics: String { path + "/metrics.csv" }
    public var split: String { path + "/split.json" }
    public var checkpoints: String { path + "/checkpoints" }
    public var eval: String { path + "/eval" }

    /// `checkpoints/step_00000120.h5`.
    public func checkpoint(step: Int) -> String {
        let digits = String(step)
        return checkpoints + "/step_" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".h5"
    }

    /// Checkpoint files present, newest (highest step) first.
    public func checkpointFiles() -> [(step: Int, path: String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints)) ?? []
        return names.compactMap { name -> (Int, String)? in
            Self.step(ofCheckpointName: name).map { ($0, checkpoints + "/" + name) }
        }.sorted { $0.0 > $1.0 }
    }

    /// The step in a checkpoint file name `step_NNNNNNNN.h5`; nil for any other name.
    public static func step(ofCheckpointName name: String) -> Int? {
        guard name.hasPrefix("step_"), name.hasSuffix(".h5") else { return nil }
        return Int(name.dropFirst(5).dropLast(3))
    }

    public func create() throws {
        try OutputFolder.create(checkpoints, chosenBy: "--output")
    }
}
