@testable import AdaPertCLI
@testable import CellEval
@testable import DistTrain
import Foundation
@testable import Inference
import Logging
@testable import Report
import Testing
import TestSupport

/// A tiny trained run shared by the report, subgraph and baseline tests: `TinyScreen`'s files trained for
/// 20 steps, once per test process, with `adapert train` in-process.
enum TinyRun {
    static let path: String = {
        let screen = try! TinyScreen.shared.get()
        let root = TestFiles.processFolder.path
        let config = root + "/tiny.yaml"
        try! """
            data:
              path: \(screen.dataPath)
              graph: \(screen.graphPath)
              hvg: 0
              split: {seed: 0}
            model: {hidden: 16, layers: 1}
            training: {epochs: 10, max_steps: 20, perturbations_per_step: 8, cells_per_perturbation: 32, eval_every: 10}
            checkpoint: {every_steps: 20, keep: 1}

            """.write(toFile: config, atomically: true, encoding: .utf8)
        try! TrainCommand.parse(["--config", config, "--output", root + "/run"]).run(comm: LocalCommunicator.oneRank())
        return root + "/run"
    }()

    /// The run opened in this process as a one-rank job (never MPI in a test process: see `TrainCommand.run(comm:)`).
    static func loaded() throws -> LoadedRun {
        try LoadedRun.open(path, comm: LocalCommunicator.oneRank(), logger: Logger(label: "test"))
    }

    /// Rows of a PRED.deltas.csv: label -> delta per gene.
    static func deltas(_ path: String) throws -> [String: [Float]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
        return Dictionary(uniqueKeysWithValues: lines.map { line in
            let fields = line.split(separator: ",")
            return (String(fields[0]), fields.dropFirst().map { Float(String($0))! })
        })
    }
}

/// Tests that run commands on `TinyRun` in this process. One serialized suite (extended in the baseline and
/// subgraph test files): the commands make MPI calls, which must not overlap.
@Suite(.serialized) struct TrainedRunTests {
    @Test func reportIsOneSelfContainedPageWithEverySection() throws {
        let output = TinyRun.path + "/report-test.html"
        try ReportCommand.parse([TinyRun.path, "--output", output]).run(comm: LocalCommunicator.oneRank())
        let html = try String(contentsOfFile: output, encoding: .utf8)
        for id in ["a", "b", "c", "d", "e", "f", "g"] { #expect(html.contains("<section id=\"\(id)\">")) }
        #expect(html.components(separatedBy: "<svg ").count - 1 >= 7)  // b, c, d, 3 x e (or fewer panels), f
        #expect(html.components(separatedBy: "<svg ").count == html.components(separatedBy: "</svg>").count)
        for external in ["src=\"http", "href=\"http", "src='http", "href='http", "<script", "<link", "@import"] {
            #expect(!html.contains(external), "report references \(external)")
        }
        #expect(html.contains(Evaluator.version))
        #expect(html.contains("adapert evaluate --pred") && html.contains("training:"))  // commands and config

        // eval/ holds every method's prediction and evaluation, and the ceiling.
        let evaluation = EvaluationSet(run: RunDirectory(TinyRun.path))
        for name in EvaluationSet.methods {
            #expect(FileManager.default.fileExists(atPath: evaluation.predictionPath(name)))
            for file in ["results.csv", "agg_results.csv", "summary.json"] {
                #expect(FileManager.default.fileExists(atPath: evaluation.resultsDirectory(name) + "/" + file))
            }
        }
        let ceiling = try MethodResults.read(directory: evaluation.resultsDirectory("ceiling"), name: "ceiling")
        #expect(ceiling.ceiling["discrimination_score_l1"] != nil)
        // The control baseline changes nothing, so it calls no DEG anywhere.
        let control = try MethodResults.read(directory: evaluation.resultsDirectory("control"), name: "control")
        #expect(!control.rows.isEmpty && control.rows.allSatisfy { $0.values["de_nsig_counts_pred"] == 0 })
        #expect(evaluation.isCurrent(for: try TinyRun.loaded(), labels: evaluation.readManifest()!.labels))
    }
}
