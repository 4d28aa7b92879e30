import CellEval
import Core
import DistTrain
import Foundation
import Inference
import Logging

/// The test-split predictions and evaluations a report shows, under RUN/eval/ (docs/cli.md `report`):
/// `real.h5ad`, `<method>.h5ad` (+ `.deltas.csv`) and `<method>/{results.csv,agg_results.csv,summary.json}` for
/// AdaPert and the four baselines, and `ceiling/` (the data ceiling of evaluate's --ceiling: results.csv holds
/// the half-depth scores, summary.json's "ceiling" the Spearman-Brown means). `manifest.json` records the
/// checkpoint and labels they were made from; a missing or different manifest means they are recomputed.
public struct EvaluationSet: Sendable {
    public static let methods = ["adapert"] + BaselineKind.reported.map(\.rawValue)
    public static let ceiling = "ceiling"

    public let directory: String
    public let split: String

    public init(run: RunDirectory, split: String = "test") {
        directory = run.eval
        self.split = split
    }

    public var realPath: String { directory + "/real.h5ad" }
    public func predictionPath(_ method: String) -> String { directory + "/\(method).h5ad" }
    public func resultsDirectory(_ name: String) -> String { directory + "/" + name }
    var manifestPath: String { directory + "/manifest.json" }

    /// What the files must have been made from.
    public struct Manifest: Codable, Equatable, Sendable {
        public var checkpoint: String
        public var bestStep: Int
        public var split: String
        public var labels: [String]
        public var isolated: [String]
        public var evaluator: String
    }

    public func readManifest() -> Manifest? {
        guard let data = FileManager.default.contents(atPath: manifestPath) else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: data)
    }

    /// True when every file exists and the manifest matches `loaded`'s checkpoint and split.
    public func isCurrent(for loaded: LoadedRun, labels: [String]) -> Bool {
        guard let manifest = readManifest(), manifest.checkpoint == loaded.checkpointPath,
              manifest.bestStep == loaded.checkpoint.state.bestStep, manifest.labels == labels,
              manifest.evaluator == Evaluator.version else { return false }
        let files = [realPath] + (Self.methods + [Self.ceiling]).map { resultsDirectory($0) + "/summary.json" }
        return files.allSatisfy { FileManager.default.fileExists(atPath: $0) }
    }

    /// Predicts (AdaPert as `predict --allow-isolated`, the baselines as `baseline`), writes the real cells, and
    /// evaluates every method and the ceiling with the evaluator `evaluate` runs. Returns the manifest.
    @discardableResult
    public func compute(loaded: LoadedRun, logger: Logger) throws -> Manifest {
        let ids = try loaded.perturbationIDs(split: split, list: nil)
        guard !ids.isEmpty else { throw AdaPertError("\(loaded.directory.split) has no '\(split)' perturbations; a report needs a test split") }
        let isolated = try loaded.isolatedIDs(ids, allow: true, logger: logger)
        var deltas = ["adapert": try loaded.modelPredictions(ids, isolated: isolated).deltas]
        for kind in BaselineKind.reported { deltas[kind.rawValue] = loaded.baselineDeltas(kind, ids: ids) }
        for method in Self.methods {
            try PredictionFiles.write(loaded: loaded, ids: ids, deltas: deltas[method]!, output: predictionPath(method),
                                       writeReal: method == "adapert" ? realPath : nil)
        }
        let real = try EvaluationFile.read(realPath, perturbationKey: nil, control: nil)
        for method in Self.methods {
            let pair = try EvaluationPair(real: real, pred: try EvaluationFile.read(predictionPath(method), perturbationKey: nil, control: nil))
            let result = Evaluator.evaluate(genes: pair.genes, labels: pair.labels, real: pair.real, pred: pair.pred)
            let ceiling = method == "adapert"
                ? try Ceiling.evaluate(genes: pair.genes, labels: pair.labels, real: pair.real, seed: 0) : nil
            try ResultFiles.write(result, ceiling: ceiling, to: URL(fileURLWithPath: resultsDirectory(method)))
            if let ceiling {
                try ResultFiles.write(ceiling.halfDepth, ceiling: ceiling, to: URL(fileURLWithPath: resultsDirectory(Self.ceiling)))
            }
            logger.info("evaluated \(method) on \(pair.labels.count) \(split) perturbations -> \(resultsDirectory(method))")
        }
        let manifest = Manifest(checkpoint: loaded.checkpointPath, bestStep: loaded.checkpoint.state.bestStep, split: split,
                                labels: ids.map { loaded.run.annotation.labels[$0] },
                                isolated: isolated.map { loaded.run.annotation.labels[$0] }, evaluator: Evaluator.version)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: manifestPath))
        return manifest
    }
}
