import ArgumentParser

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
}
