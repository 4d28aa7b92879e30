@testable import Core
import Foundation
@testable import Inference
import Testing
import TestSupport

extension TrainedRunTests {
    /// An unwritable --write-real is refused before anything is written: no predictions, no deltas CSV.
    @Test func anUnwritableDestinationIsRefusedBeforeAnyFileIsWritten() throws {
        let loaded = try TinyRun.loaded()
        let ids = try loaded.perturbationIDs(split: "test", list: nil)
        try TestFiles.withTemporaryDirectory { dir in
            let output = dir.appendingPathComponent("pred.h5ad").path
            let error = #expect(throws: AdaPertError.self) {
                try PredictionFiles.write(loaded: loaded, ids: ids, deltas: ids.map { _ in [Float](repeating: 0, count: loaded.run.genes.count) },
                                          output: output, writeReal: "/proc/adapert/real.h5ad")
            }
            #expect(error?.message.hasSuffix("pass a writable --write-real") == true, "\(error?.message ?? "")")
            #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.isEmpty == true)
        }
    }
}
