import Foundation
import Model
@testable import TestSupport
import Testing

/// Generated bad inputs for `adapert train` on the tiny screen, each run by the real executable in its own
/// process: a config value of the wrong type, sign, size or shape for one key, or a graph file with one
/// damaged line. Every run must end with exit 0 (the input was usable) or exit 1 with an error of at most
/// three lines that has written nothing (no checkpoint, no metrics); never a signal, another status or a hang.
@Suite struct BadInputFuzzTests {
    static let keys = [
        "model.hidden", "model.layers", "model.hop_limit", "model.loss.kappa", "model.loss.alpha",
        "model.loss.t_max", "model.ablation.gates", "model.hard_concrete.beta", "training.lr", "training.epochs", "training.max_steps",
        "training.perturbations_per_step", "training.cells_per_perturbation", "training.grad_clip",
        "training.weight_decay", "training.eval_every", "training.patience", "data.hvg",
        "data.split.val_fraction", "data.split.test_fraction", "data.split.unseen", "data.split.file",
        "data.control", "data.perturbation_key", "data.layer", "data.path", "data.graph", "checkpoint.every_steps",
        "checkpoint.keep", "output.log_every",
    ]
    static let values = ["-1", "0", "abc", "1e400", "nan", "-inf", "[1, 2]", "{a: 1}", "''",
                         "99999999999999999999", "0.5", "/nonexistent/file"]
    static let graphLines = [
        "G0001\tG0002\tnan", "G0001 G0002", "\t\t", "G0001\tG0002\t1e40", "G0001\tG0002\t-3", "G0001\tG0001\t1",
        "only-one-field", "G0001\tG0002\t1\textra\tfields", "\u{00}\u{01}\u{02}", "G0001\t\t0.5",
    ]

    /// One case: extra `--set` arguments, and the graph file's contents when the case damages the graph.
    struct Case: CustomStringConvertible {
        var sets: [String]
        var graph: String?
        var description: String { graph.map { "graph line \($0.debugDescription)" } ?? sets.joined(separator: " ") }
    }

    static func cases(graphText: String) -> [Case] {
        var random = SplitMix64(seed: 20261201)
        var cases: [Case] = []
        for _ in 0..<36 {
            let key = keys[Int(random.next() % UInt64(keys.count))]
            let value = values[Int(random.next() % UInt64(values.count))]
            cases.append(Case(sets: ["\(key)=\(value)"], graph: nil))
        }
        var lines = graphText.split(separator: "\n").map(String.init)
        for line in graphLines {
            let at = Int(random.next() % UInt64(lines.count))
            lines.insert(line, at: at)
            cases.append(Case(sets: [], graph: lines.joined(separator: "\n") + "\n"))
            lines.remove(at: at)
        }
        cases.append(Case(sets: [], graph: ""))
        return cases
    }

    @Test func everyBadInputEndsInARunOrAShortErrorThatWroteNothing() throws {
        let executable = try #require(TestFiles.adapertExecutable,
                                      "build the adapert executable first (swift build -c release)")
        let screen = try TinyScreen.shared.get()
        try TestFiles.withTemporaryDirectory { dir in
            let config = try screen.writeCommandLineConfig(in: dir)
            var outcomes = (runs: 0, errors: 0)
            for (index, bad) in Self.cases(graphText: try String(contentsOfFile: screen.graphPath, encoding: .utf8)).enumerated() {
                let output = dir.appendingPathComponent("run\(index)").path
                var arguments = ["train", "--config", config, "--output", output]
                if let graph = bad.graph {
                    let path = dir.appendingPathComponent("graph\(index).tsv").path
                    try graph.write(toFile: path, atomically: true, encoding: .utf8)
                    arguments += ["--set", "data.graph=\(path)"]
                }
                for set in bad.sets { arguments += ["--set", set] }
                let run = try TestFiles.runToCompletion(executable, arguments, timeoutSeconds: 120)
                #expect(run.ending == .exit, "\(bad): ended by signal \(run.status)")
                #expect(run.status == 0 || run.status == 1, "\(bad): exit status \(run.status)")
                guard run.status == 1 else { outcomes.runs += 1; continue }
                outcomes.errors += 1
                let lines = run.errorLines
                #expect((1...3).contains(lines.count), "\(bad): \(lines.count) error lines in \(run.standardError.suffix(300))")
                let written = ["metrics.csv", "checkpoints"].filter {
                    FileManager.default.fileExists(atPath: output + "/" + $0)
                }
                #expect(written.isEmpty, "\(bad): the failed run wrote \(written)")
            }
            #expect(outcomes.errors >= 20 && outcomes.runs >= 5, "\(outcomes)")
        }
    }
}
