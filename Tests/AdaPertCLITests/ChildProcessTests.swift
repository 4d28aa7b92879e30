import Foundation
import Testing
import TestSupport

/// The child-process runner the fuzz tests rely on: exit status, signal, stderr and the timeout.
@Suite struct ChildProcessTests {
    let shell = URL(fileURLWithPath: "/bin/sh")

    @Test func exitStatusAndStandardError() throws {
        let run = try TestFiles.runToCompletion(shell, ["-c", "echo ignored; printf 'Error: x\\ny\\n' >&2; exit 3"],
                                                timeoutSeconds: 30)
        #expect(run.ending == .exit && run.status == 3)
        #expect(run.errorLines == ["Error: x", "y"])
    }

    @Test func aSignalIsReportedAsOne() throws {
        let run = try TestFiles.runToCompletion(shell, ["-c", "kill -SEGV $$"], timeoutSeconds: 30)
        #expect(run.ending == .signal && run.status == SIGSEGV)
    }

    /// A file this process has open is not open in the child (libhdf5's lock on it would live on there).
    @Test func theChildInheritsNoOtherDescriptor() throws {
        let open = try #require(FileHandle(forReadingAtPath: "/etc/hostname") ?? FileHandle(forReadingAtPath: "/bin/sh"))
        defer { try? open.close() }
        let run = try TestFiles.runToCompletion(shell, ["-c", "ls /proc/$$/fd >&2"], timeoutSeconds: 30)
        let descriptors = run.standardError.split(separator: "\n").compactMap { Int32($0) }
        #expect(descriptors.contains(2) && !descriptors.contains(open.fileDescriptor), "\(descriptors)")
    }

    @Test func aHangIsKilledAtTheTimeout() throws {
        let started = Date()
        #expect(throws: CocoaError.self) { try TestFiles.runToCompletion(shell, ["-c", "sleep 30"], timeoutSeconds: 0.5) }
        #expect(Date().timeIntervalSince(started) < 20)
    }
}
