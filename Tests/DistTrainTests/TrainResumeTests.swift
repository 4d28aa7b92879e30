@testable import Core
@testable import DistTrain
import Foundation
import HDF5
@testable import TestSupport
import Testing

/// Stop-and-resume in process: a run stopped by a stop request after step k, checkpointed to a file and
/// resumed from it, ends where an uninterrupted run ends, bit for bit, on the same world size or another.
@Suite(.serialized) struct TrainResumeTests {
    static let steps = 6
    static let stopAfter = 4

    /// The outcome (rank 0) of a `ranks`-rank job run to `steps`; the last rank requests a stop after
    /// `stopAfter` steps; the checkpoint is written to `checkpointTo`; `resumeFrom` is restored first.
    static func run(ranks: Int, stopAfter: Int? = nil, checkpointTo: String? = nil,
                    resumeFrom: String? = nil) throws -> TrainWorldSizeTests.Outcome {
        let screen = try TinyScreen.shared.get()
        let config = try screen.config(maxSteps: steps)
        let yaml = try RunConfigLoader.yaml(config)
        return try LocalCommunicator.run(size: ranks) { comm in
            let trainer = try screen.trainer(config, comm: comm)
            if let path = resumeFrom { try trainer.restore(try Checkpoint.read(from: path), path: path) }
            var stepsSeen = 0
            let stopRequest = {
                stepsSeen += 1
                return comm.rank == ranks - 1 && stepsSeen == stopAfter ? SIGTERM : 0
            }
            try trainer.train(comm: comm, metrics: nil, localStopSignal: stopRequest) { trainer in
                guard comm.rank == 0, let path = checkpointTo else { return }
                try trainer.checkpoint(configYAML: yaml, worldSize: comm.size).write(to: path)
            }
            return TrainWorldSizeTests.Outcome(parameters: trainer.parameters, bestParameters: trainer.bestParameters,
                                               state: trainer.state)
        }[0]
    }

    @Test(arguments: [1, 2])
    func aStoppedRunResumedOnTheSameWorldSizeEndsBitIdentical(ranks: Int) throws {
        try TestFiles.withTemporaryDirectory { folder in
            let reference = try Self.run(ranks: ranks)
            let path = folder.appendingPathComponent("resume.h5").path
            let stopped = try Self.run(ranks: ranks, stopAfter: Self.stopAfter, checkpointTo: path)
            #expect(stopped.state.step == Self.stopAfter)
            #expect(stopped.parameters != reference.parameters)
            let resumed = try Self.run(ranks: ranks, resumeFrom: path)
            #expect(resumed == reference)
        }
    }

    @Test func aOneRankCheckpointResumesOnTwoRanks() throws {
        try TestFiles.withTemporaryDirectory { folder in
            let reference = try Self.run(ranks: 1)
            let path = folder.appendingPathComponent("resume.h5").path
            _ = try Self.run(ranks: 1, stopAfter: Self.stopAfter, checkpointTo: path)
            let resumed = try Self.run(ranks: 2, resumeFrom: path)
            #expect(resumed == reference)
        }
    }

    /// A checkpoint whose training state no run writes (a negative step, a best step after the step) is
    /// refused on reading, before resume acts on it (which checkpoints it removes, where the schedule starts).
    @Test func aCheckpointWithAnImpossibleStateIsRefused() throws {
        try TestFiles.withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("resume.h5").path
            _ = try Self.run(ranks: 1, stopAfter: Self.stopAfter, checkpointTo: path)
            _ = try Checkpoint.read(from: path)
            for (name, value) in [("step", Int64(-5)), ("best_step", Int64(1_000)), ("world_size", Int64(0))] {
                let damaged = folder.appendingPathComponent("\(name).h5").path
                try FileManager.default.copyItem(atPath: path, toPath: damaged)
                try HDF5File.open(damaged, mode: .readWrite).setAttribute(name, scalar: value)
                let error = #expect(throws: AdaPertError.self) { try Checkpoint.read(from: damaged) }
                #expect(error?.message.contains("'\(name)' is \(value)") == true, "\(error?.message ?? "")")
            }
            // NaN in the selected parameters: predict would write NaN deltas.
            let damaged = folder.appendingPathComponent("nan.h5").path
            try FileManager.default.copyItem(atPath: path, toPath: damaged)
            let best = try HDF5File.open(damaged, mode: .readWrite).group("best")
            let tensor = try best.dataset(try best.memberNames().sorted()[0])
            try tensor.write([Float](repeating: .nan, count: tensor.shape.dropFirst().reduce(1, *)))
            let error = #expect(throws: AdaPertError.self) { try Checkpoint.read(from: damaged) }
            #expect(error?.message.contains("NaN or infinite") == true, "\(error?.message ?? "")")
            // A checkpoint file named for another step (renamed): resume would remove the checkpoints after
            // the step it holds, this file included.
            let state = try Checkpoint.read(from: path).state
            let renamed = folder.appendingPathComponent("step_00000099.h5").path
            try FileManager.default.copyItem(atPath: path, toPath: renamed)
            let misnamed = #expect(throws: AdaPertError.self) { try Checkpoint.read(from: renamed) }
            #expect(misnamed?.message.contains("holds step \(state.step), but its name says step 99") == true)
        }
    }
}
