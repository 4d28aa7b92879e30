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
        let n = run.context.graph.nodeCount, d = config.model.hidden, p = config.training.perturbationsPerStep
        let perStepActivations = Double(p) / Double(comm.size) * Double(n * d * (8 + 6 * config.model.layers)
            + run.context.graph.edgeCount * 6 + g * 12) * 4
        for rank in 0..<comm.size {
            let shardBytes = Double(shardValues[rank]) * 8 + Double(shardCells[rank]) * 16
            let total = Double(measured[rank]) + perStepActivations
            print(String(format: "rank %d: %d cells, %.1f MB shard; peak so far %.1f MB (process, data preparation), ~%.1f MB estimated training peak (+ activations of its graph passes)",
                         rank, shardCells[rank], shardBytes / 1e6, Double(measured[rank]) / 1e6, total / 1e6))
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
