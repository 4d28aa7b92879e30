import ArgumentParser

/// The `adapert` tool: one command with subcommands (contract: shared docs cli.md).
public struct AdaPertCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "adapert",
        abstract: "Learn and predict transcriptional responses to genetic perturbations.",
        subcommands: [
            InspectCommand.self,
            EvaluateCommand.self,
        ]
    )

    public init() {}
}
