import ArgumentParser
import Core
import DistTrain
import Foundation
import Inference
import Logging
import Report

/// `adapert report`: one self-contained HTML page that shows a run's results against the baselines.
public struct ReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report of a run: metrics vs baselines and ceiling, plots, subgraph.",
        discussion: """
            If RUN_DIR/eval/ lacks test-split predictions and evaluations for this checkpoint, they are computed \
            there first: AdaPert (as predict --allow-isolated), the control, train-mean, linear and graph-knn \
            baselines, the real cells, and the data ceiling, each scored with evaluate's evaluator. The page has \
            inline SVG plots and CSS only: it opens offline and can be mailed as one file.

            Examples:
              adapert report runs/demo
              adapert report runs/demo --output /tmp/demo.html --recompute
            """
    )

    @Argument(help: "Run directory made by 'adapert train'.") var runPath: String
    @Option(help: "Output HTML file (default: RUN_DIR/report.html).") var output: String?
    @Flag(help: "Recompute eval/ even if it matches the checkpoint.") var recompute = false

    public init() {}

    public func run() throws { run(comm: try MPICommunicator.world()) }

    /// The command on `comm` (tests pass a one-rank `LocalCommunicator`; see `TrainCommand.run(comm:)`).
    func run(comm: some Communicator) {
        comm.requireOneProcess("report")
        let logger = Logger.command("adapert.report", rank: comm.rank)
        do {
            let loaded = try LoadedRun.open(runPath, comm: comm, logger: logger)
            let content = try ReportContent.gather(loaded: loaded, recompute: recompute, logger: logger)
            let path = output ?? loaded.directory.path + "/report.html"
            try OutputFile.write(HTMLReport.render(content), to: path, chosenBy: "--output")
            logger.notice("report -> \(path)")
            print("Test split of \(loaded.directory.path): \(content.methods[0].rows.count) perturbations never perturbed in training (\("evaluator: cell-eval " + content.manifest.evaluator))\n")
            print(HeadlineTables.markdown(content))
        } catch {
            comm.failFast(error)
        }
    }
}
