import ArgumentParser
import Core
import DistTrain
import Foundation
import Inference
import Logging

/// `adapert truth-eval`: on a simulated screen, how well a trained run recovers the planted truth,
/// beside the train-mean and graph-knn baselines.
public struct TruthEvalCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "truth-eval",
        abstract: "Score a run trained on simulated data against the simulator's ground truth.",
        discussion: """
            For each perturbation of the split: Pearson r between predicted and true mean delta over the genes, \
            and precision of the top-k genes by |predicted delta| with k = the number of truly responding genes \
            (AdaPert's genes of equal |delta|, such as its exact zeros, ordered by its responder probability). \
            Prints AdaPert, train-mean and graph-knn; --json prints one JSON object instead.

            Examples:
              adapert truth-eval --run runs/demo
              adapert truth-eval --run runs/demo --truth /tmp/sim/truth.h5 --split val --json
            """
    )

    @Option(name: .customLong("run"), help: "Run directory made by 'adapert train' on simulated data.") var runPath: String
    @Option(help: "truth.h5 (default: the one beside the run's simulated screen).") var truth: String?
    @Option(help: "Split to score: test, val, train or all.") var split = "test"
    @Flag(help: "Print one JSON object.") var json = false

    public init() {}

    public func run() throws {
        let comm = try MPICommunicator.world()
        comm.requireOneProcess("truth-eval")
        let logger = Logger.command("adapert.truth-eval", rank: comm.rank)
        do {
            let loaded = try LoadedRun.open(runPath, comm: comm, logger: logger)
            let truthPath = truth ?? URL(fileURLWithPath: loaded.run.dataPath).deletingLastPathComponent().path + "/truth.h5"
            let truth = try TruthComparison.Truth.read(truthPath)
            let ids = try loaded.perturbationIDs(split: split, list: nil).filter {
                truth.labels.contains(loaded.run.annotation.labels[$0])
            }
            guard !ids.isEmpty else {
                throw AdaPertError("\(truthPath) has none of the run's \(split) perturbations; pass the truth.h5 of the screen the run was trained on")
            }
            let labels = ids.map { loaded.run.annotation.labels[$0] }
            let trueDeltas = labels.map { truth.delta(of: $0, genes: loaded.run.genes)! }
            let model = try loaded.model()
            let predictions = model.predict(ids.map { (loaded.run.targetNodes[$0], loaded.run.priors[$0]!) },
                                            responderThreshold: Float(loaded.checkpoint.state.responderThreshold))
            let methods: [(String, [[Float]], [[Float]]?)] = [
                ("adapert", predictions.map(\.delta), predictions.map(\.responderProbability)),
                ("train-mean", ids.map { _ in loaded.trainMeanDelta }, nil),
                ("graph-knn", ids.map { loaded.run.priors[$0]! }, nil),
            ]
            var scores: [String: TruthComparison.Score] = [:]
            for (name, deltas, confidence) in methods {
                scores[name] = TruthComparison.score(Array(zip(labels, deltas).map { (label: $0, delta: $1) }),
                                                     truth: trueDeltas, confidence: confidence)
            }
            if json {
                let encoder = JSONEncoder.sorted
                encoder.outputFormatting.insert(.prettyPrinted)
                print(String(decoding: try encoder.encode(scores), as: UTF8.self))
            } else {
                print("truth recovery on \(ids.count) \(split) perturbations (\(truthPath))")
                print("method        pearson_delta  precision_at_k")
                for (name, _, _) in methods {
                    let s = scores[name]!
                    print(name.padding(toLength: 14, withPad: " ", startingAt: 0)
                          + String(format: "%13.4f  %14.4f", s.pearson, s.precisionAtK))
                }
            }
        } catch {
            comm.failFast(error)
        }
    }
}
