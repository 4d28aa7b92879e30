import Foundation
@testable import TestSupport
import Testing

/// A resume refused for a bad file in the run directory changes nothing there: every input is read and
/// checked before rank 0 rewrites config.yaml, split.json or metrics.csv or removes a checkpoint.
@Suite struct RefusedResumeTests {
    @Test func aRefusedResumeLeavesTheRunDirectoryAsItWas() throws {
        let executable = try #require(TestFiles.adapertExecutable,
                                      "build the adapert executable first (swift build -c release)")
        let screen = try TinyScreen.shared.get()
        try TestFiles.withTemporaryDirectory { dir in
            let config = try screen.writeCommandLineConfig(in: dir, epochs: 2, extra: "checkpoint: {every_steps: 1, keep: 5}")
            let output = dir.appendingPathComponent("run").path
            let first = try TestFiles.runToCompletion(executable, ["train", "--config", config, "--output", output],
                                                      timeoutSeconds: 120)
            try #require(first.status == 0, "\(first.standardError.suffix(300))")
            let metrics = output + "/metrics.csv"
            var text = try String(contentsOfFile: metrics, encoding: .utf8)
            text += "two,0,train" + String(repeating: ",", count: text.split(separator: "\n")[0].split(separator: ",").count - 3) + "\n"
            try text.write(toFile: metrics, atomically: true, encoding: .utf8)
            let before = try Self.snapshot(output)
            let resumed = try TestFiles.runToCompletion(
                executable, ["train", "--config", config, "--output", output, "--set", "training.max_steps=4"],
            timeoutSeconds: 120)
            #expect(resumed.status == 1)
            #expect(resumed.errorLines.first?.contains("step 'two', not a whole number") == true, "\(resumed.standardError)")
            #expect(try Self.snapshot(output) == before)
        }
    }

    /// Every file under `folder` and its bytes.
    static func snapshot(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in FileManager.default.subpaths(atPath: folder) ?? [] {
            var isFolder: ObjCBool = false
            let path = folder + "/" + name
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            files[name] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return files
    }
}
