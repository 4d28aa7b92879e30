@testable import Core
@testable import DistTrain
import Foundation
import HDF5
@testable import Inference
import Logging
import Testing
import TestSupport

extension TrainedRunTests {
    /// predict, baseline and subgraph with `--checkpoint` of another run on this run's data are refused: its
    /// parameters were fitted to another screen, even one with the same gene names.
    @Test func aCheckpointTrainedOnOtherDataIsRefused() throws {
        let newest = try #require(RunDirectory(TinyRun.path).checkpointFiles().first)
        try TestFiles.withTemporaryDirectory { dir in
            let other = dir.appendingPathComponent(URL(fileURLWithPath: newest.path).lastPathComponent).path
            try FileManager.default.copyItem(atPath: newest.path, toPath: other)
            _ = try LoadedRun.open(TinyRun.path, checkpointPath: other, comm: LocalCommunicator.oneRank(), logger: .silent)
            try HDF5File.open(other, mode: .readWrite).setAttribute("data_fingerprint", string: "0123456789abcdef")
            let error = #expect(throws: AdaPertError.self) {
                try LoadedRun.open(TinyRun.path, checkpointPath: other, comm: LocalCommunicator.oneRank(), logger: .silent)
            }
            #expect(error?.message.contains("was trained on other data than the run") == true, "\(error?.message ?? "")")
        }
    }
}
