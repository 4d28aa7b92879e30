import Model

/// The global batch's examples on every rank (docs/distributed.md, "What each rank holds"). Only the owner of a
/// perturbation holds its cells, effects and prior, so the owner samples the cells and packs the example's
/// per-gene rows, [mean expression | precision weights | DEG labels | observed delta | prior | effect label];
/// every other rank leaves that slot zero, so one allreduce-sum copies each example bit for bit.
extension Trainer {
    func batchExamples(_ batch: [Int], step: Int, comm: some Communicator) throws -> [PerturbationExample] {
        let g = run.genes.count, width = 5 * g + 1
        var packed = [Float](repeating: 0, count: batch.count * width)
        var counts = [Int64](repeating: 0, count: batch.count)
        for (i, p) in batch.enumerated() where run.owns(p) {
            let positions = schedule.cellPositions(perturbation: p, cellCount: run.shard.cellCount(of: Int32(p)), step: step)
            let mean = run.shard.meanExpression(of: Int32(p), positions: positions).map(Float.init)
            let example = run.example(p, meanExpression: mean, cellCount: positions.count,
                                      adaptiveWeights: config.model.ablation.adaptiveWeights,
                                      effectMinDEGs: config.model.loss.effectMinDEGs)
            let rows = [example.meanExpression, example.precisionWeight, example.responderLabel, example.observedDelta,
                        example.prior].joined()
            packed.replaceSubrange((i * width)..<((i + 1) * width - 1), with: rows)
            packed[(i + 1) * width - 1] = example.effectLabel
            counts[i] = Int64(positions.count)
        }
        try collectives.collective {
            try comm.allreduceSum(&packed)
            try comm.allreduceSum(&counts)
        }
        return batch.enumerated().map { i, p in
            let row = { (r: Int) in Array(packed[(i * width + r * g)..<(i * width + (r + 1) * g)]) }
            return PerturbationExample(id: p, targets: run.targetNodes[p], cellCount: Int(counts[i]), meanExpression: row(0),
                                       precisionWeight: row(1), responderLabel: row(2), observedDelta: row(3), prior: row(4),
                                       effectLabel: packed[(i + 1) * width - 1])
        }
    }
}
