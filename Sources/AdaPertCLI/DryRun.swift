import DistTrain
import Foundation
import Inference
import Model

/// `train --dry-run`: the resolved settings, shard sizes per rank and estimated memory per rank.
enum DryRun {
    static func report(config: RunConfig, run: PreparedRun, inputs: RunInputs, comm: some Communicator) throws {
        let g = run.genes.count
        let shardCells = try comm.allgatherv([Int64(run.shard.cells.nRows)]).flatMap { $0 }
        let shardValues = try comm.allgatherv([Int64(run.shard.cells.nnz)]).flatMap { $0 }
        let measured = try comm.allgatherv([Int64(peakResidentBytes())]).flatMap { $0 }
        guard comm.rank == 0 else { return }
        print(try RunConfigLoader.yaml(config))
        print("data: \(inputs.dataPath)\ngraph: \(inputs.graphPath)")
        print(BLASKernel.summary())
        print("cells: \(run.annotation.cellLabels.count) (\(run.annotation.nControlCells) control, \(run.annotation.nExcludedCells) excluded); genes kept: \(g)")
        print("perturbations: \(run.split.train.count) train, \(run.split.val.count) val, \(run.split.test.count) test")
        print("graph: \(run.context.graph.nodeCount) nodes, \(run.context.graph.edgeCount / 2) edges")
        let model = TrainingMemory.bytes(config: config, run: run, worldSize: comm.size)
        for rank in 0..<comm.size {
            let shardBytes = Double(shardValues[rank]) * 8 + Double(shardCells[rank]) * 16
            let total = Double(measured[rank]) + Double(model.parameters + model.activations)
            print(String(format: "rank %d: %d cells, %.1f MB shard; peak so far %.1f MB (process, data preparation), ~%.1f MB estimated training peak (%.1f MB of it the model with optimiser state, %.1f MB activations)",
                         rank, shardCells[rank], shardBytes / 1e6, Double(measured[rank]) / 1e6, total / 1e6,
                         Double(model.parameters) / 1e6, Double(model.activations) / 1e6))
        }
    }
}

/// The process's peak resident memory so far (VmHWM of /proc/self/status), 0 where unavailable.
func peakResidentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kB = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kB * 1024
}
