import ArgumentParser
import DistTrain
import Foundation

/// The `adapert` tool: one command with subcommands (contract: docs/cli.md).
public struct AdaPertCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "adapert",
        abstract: "Learn and predict transcriptional responses to genetic perturbations.",
        subcommands: [
            SimulateCommand.self,
            InspectCommand.self,
            TrainCommand.self,
            PredictCommand.self,
            BaselineCommand.self,
            SubgraphCommand.self,
            ReportCommand.self,
            EvaluateCommand.self,
            TruthEvalCommand.self,
            CommCheckCommand.self,
        ]
    )

    public init() {}

    /// Parses the command line and runs the command. A command line that does not parse ends as every bad
    /// input does (docs/cli.md): `Error: ...` and where the usage is, two lines, exit status 1 — not
    /// ArgumentParser's usage block and status 64. Help and version requests print in full, status 0.
    public static func runFromCommandLine() -> Never {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            guard exitCode(for: error) != .success else {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let help = fullMessage(for: error).split(separator: "\n").last { $0.contains("--help") }
            printToStandardError("Error: \(message(for: error))"
                + (help.map { "\n" + $0.trimmingCharacters(in: .whitespaces) } ?? ""))
            Foundation.exit(1)
        }
        var running = command
        do { try running.run() } catch { exit(withError: error) }
        Foundation.exit(0)
    }
}
