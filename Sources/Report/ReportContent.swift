import AnnData
import DistTrain
import Foundation
import Inference
import Logging

/// Everything the report shows, gathered from a run directory and its eval/ folder.
public struct ReportContent {
    struct DeltaPanel {
        var label: String
        var real: [Float]
        var predicted: [Float]
        var targets: Set<String>
    }

    var runPath: String
    var configYAML: String
    public var manifest: EvaluationSet.Manifest
    /// adapert, control, train-mean, linear, graph-knn (EvaluationSet.methods order).
    public var methods: [MethodResults]
    var ceiling: MethodResults
    var metrics: [MetricsRow]
    var bestStep: Int
    var responderThreshold: Double
    public var genes: [String]
    var panels: [DeltaPanel]
    var subgraph: LearnedSubgraph?
    var subgraphDelta: [String: Float]
    var evaluation: EvaluationSet

    func method(_ name: String) -> MethodResults { methods.first { $0.name == name }! }

    /// Test labels ordered by real DEG count, strongest first (ties by label).
    var labelsByStrength: [String] {
        let adapert = method("adapert")
        return adapert.rows.sorted { a, b in
            let (x, y) = (a.values["de_nsig_counts_real"] ?? 0, b.values["de_nsig_counts_real"] ?? 0)
            return x != y ? x > y : a.label < b.label
        }.map(\.label)
    }

    /// Loads or computes eval/, then gathers the plots' inputs. `recompute` ignores existing evaluations.
    public static func gather(loaded: LoadedRun, recompute: Bool, logger: Logger) throws -> ReportContent {
        let evaluation = EvaluationSet(run: loaded.directory)
        let ids = try loaded.perturbationIDs(split: evaluation.split, list: nil)
        let labels = ids.map { loaded.run.annotation.labels[$0] }
        let manifest: EvaluationSet.Manifest
        if !recompute, evaluation.isCurrent(for: loaded, labels: labels), let existing = evaluation.readManifest() {
            logger.info("using the evaluations in \(evaluation.directory) (checkpoint \(existing.checkpoint))")
            manifest = existing
        } else {
            logger.notice("computing test-split predictions and evaluations into \(evaluation.directory)")
            manifest = try evaluation.compute(loaded: loaded, logger: logger)
        }
        let methods = try EvaluationSet.methods.map {
            try MethodResults.read(directory: evaluation.resultsDirectory($0), name: $0)
        }
        let ceiling = try MethodResults.read(directory: evaluation.resultsDirectory(EvaluationSet.ceiling), name: EvaluationSet.ceiling)
        var content = ReportContent(
            runPath: loaded.directory.path,
            configYAML: (try? String(contentsOfFile: loaded.directory.config, encoding: .utf8)) ?? "",
            manifest: manifest, methods: methods, ceiling: ceiling,
            metrics: (try? MetricsLog.read(path: loaded.directory.metrics)) ?? [],
            bestStep: loaded.checkpoint.state.bestStep, responderThreshold: loaded.checkpoint.state.responderThreshold,
            genes: loaded.run.genes, panels: [], subgraph: nil, subgraphDelta: [:], evaluation: evaluation)
        try content.addModelViews(loaded: loaded, isolated: Set(manifest.isolated))
        return content
    }

    /// Delta scatters for the strongest, the median and the weakest test perturbation, and the learned
    /// subgraph of the strongest one that is not isolated.
    private mutating func addModelViews(loaded: LoadedRun, isolated: Set<String>) throws {
        let ordered = labelsByStrength
        guard !ordered.isEmpty else { return }
        var picks: [String] = []
        for label in [ordered.first!, ordered[ordered.count / 2], ordered.last!] where !picks.contains(label) { picks.append(label) }
        let chosen = ordered.first { !isolated.contains($0) }
        let shown = picks + (chosen.map { picks.contains($0) ? [] : [$0] } ?? [])
        let ids = try loaded.perturbationIDs(split: "all", list: shown.joined(separator: ","))
        let model = try loaded.modelPredictions(ids, isolated: ids.filter { isolated.contains(loaded.run.annotation.labels[$0]) })
        let control = loaded.controlCells.columnMeans()
        panels = picks.indices.map { k in
            let means = loaded.realCells(ids[k]).columnMeans()
            return DeltaPanel(label: picks[k], real: zip(means, control).map { Float($0 - $1) },
                              predicted: model.deltas[k], targets: Set(PerturbationLabels.targets(of: picks[k])))
        }
        guard let chosen, let k = shown.firstIndex(of: chosen) else { return }
        subgraph = LearnedSubgraph(label: chosen, prediction: model.predictions[k], graph: loaded.run.context.graph,
                                   targetNodes: loaded.run.targetNodes[ids[k]], minimumGate: 0)
            .neighbourhood(maxHop: 1, count: 24)
        subgraphDelta = Dictionary(uniqueKeysWithValues: zip(genes, model.deltas[k]))
    }
}
