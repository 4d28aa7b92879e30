import Foundation
import TestSupport
import Testing

/// The address-space limit a batch system sets (`ulimit -v`) is part of the budget: a child process under
/// a 3 GB limit refuses a 4 GB evaluation with the limit's figure instead of aborting in the allocator.
@Test func theAddressSpaceLimitIsPartOfTheBudget() throws {
    let executable = try #require(TestFiles.adapertExecutable, "build the adapert executable first")
    let run = try TestFiles.runToCompletion(URL(fileURLWithPath: "/bin/sh"), ["-c",
        "ulimit -v 3000000; exec \(executable.path) evaluate --synthetic 100x20000x500x10 --outdir /tmp/adapert-never-written"],
        timeoutSeconds: 120)
    #expect(run.ending == .exit && run.status == 1)
    #expect(run.errorLines.first?.contains("more than the 3.1 GB available") == true, "\(run.standardError)")
}
