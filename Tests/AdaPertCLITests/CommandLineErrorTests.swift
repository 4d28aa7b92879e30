import Foundation
import TestSupport
import Testing

/// A command line that does not parse ends as bad input does: two lines, `Error: ...` and where the help
/// is, exit status 1 (not ArgumentParser's usage block and status 64); help itself is status 0.
@Suite struct CommandLineErrorTests {
    @Test(arguments: [(["train"], "Error: Missing expected argument '--config <config>'", "adapert train --help"),
                      (["frobnicate"], "Error: Unexpected argument 'frobnicate'", "adapert --help"),
                      (["evaluate", "--ceiling=3"], "Error: The option '--ceiling' does not take any value", "adapert evaluate --help"),
                      (["inspect"], "Error: Missing expected argument '<data>'", "adapert inspect --help")])
    func aCommandLineThatDoesNotParseIsAShortError(arguments: [String], error: String, help: String) throws {
        let executable = try #require(TestFiles.adapertExecutable, "build the adapert executable first")
        let run = try TestFiles.runToCompletion(executable, arguments, timeoutSeconds: 60)
        #expect(run.ending == .exit && run.status == 1)
        let lines = run.standardError.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix(error) && lines[1].contains(help), "\(run.standardError)")
    }

    @Test func helpIsNoError() throws {
        let executable = try #require(TestFiles.adapertExecutable, "build the adapert executable first")
        let run = try TestFiles.runToCompletion(executable, ["train", "--help"], timeoutSeconds: 60)
        #expect(run.ending == .exit && run.status == 0 && run.standardError.isEmpty)
    }
}
