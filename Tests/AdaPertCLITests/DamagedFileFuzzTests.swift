import Foundation
import Model
@testable import TestSupport
import Testing

/// Random single-byte damage to a small .h5ad, read by the real `adapert` executable in its own process: every
/// outcome must be a clean read (exit 0) or an error of at most three lines (exit 1), never a signal or a hang.
/// A child process is what makes this a test of the whole guarantee: about one flip in a hundred lands in the
/// global heap behind the variable-length strings, where libhdf5 1.10 itself crashes or loops forever, and
/// only the guard around libhdf5 (`HDF5Library.reading`) turns that into an error line.
@Suite struct DamagedFileFuzzTests {
    @Test func everyDamagedFileEndsInACleanReadOrAShortError() throws {
        let executable = try #require(TestFiles.adapertExecutable,
                                      "build the adapert executable first (swift build -c release)")
        try TestFiles.withTemporaryDirectory { dir in
            let original = dir.appendingPathComponent("o.h5ad").path
            try TestFiles.writeSmallFile(at: original)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: original))
            var random = SplitMix64(seed: 20261201)
            var outcomes = (clean: 0, errors: 0)
            for trial in 0..<200 {
                var copy = bytes
                let position = Int(random.next() % UInt64(copy.count))
                let mask = UInt8(truncatingIfNeeded: random.next() | 1)
                copy[position] ^= mask
                let path = dir.appendingPathComponent("f\(trial).h5ad").path
                try copy.write(to: URL(fileURLWithPath: path))
                let run = try TestFiles.runToCompletion(executable, ["inspect", path], timeoutSeconds: 60)
                let flip = "byte \(position) ^ \(mask)"
                #expect(run.ending == .exit, "\(flip): ended by signal \(run.status)")
                #expect(run.status == 0 || run.status == 1, "\(flip): exit status \(run.status)")
                if run.status == 1 {
                    let lines = run.errorLines
                    #expect((1...3).contains(lines.count), "\(flip): \(lines.count) error lines")
                    #expect(run.standardError.hasPrefix("Error: "), "\(flip): \(run.standardError.prefix(200))")
                    outcomes.errors += 1
                } else {
                    outcomes.clean += 1
                }
                try FileManager.default.removeItem(atPath: path)
            }
            #expect(outcomes.errors >= 5 && outcomes.clean >= 100, "\(outcomes)")  // 15 and 185 with this seed
        }
    }
}
