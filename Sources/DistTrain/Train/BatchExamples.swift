import Model

/// This rank's share of the global batch, the positions i with i mod R == rank (docs/distributed.md, "One
/// training step"). Only the owner of a perturbation holds its cells, effects and prior, so the owner samples
/// the cells and packs the example's rows, [mean expression | precision weights | DEG labels | observed delta |
/// prior | effect label] (5G + 1 Float32 values), for the rank that computes it; one alltoallv delivers them
/// bit for bit, so a rank receives its b examples whatever the number of ranks. One Int64 allreduce gives
/// every rank the batch's cell counts and its number of positive DEG labels (the global normaliser's).
struct BatchShare {
    let examples: [PerturbationExample]
    let normaliser: BatchNormaliser
    /// Cells averaged over the whole batch.
    let cells: Int
}

extension Trainer {
    func batchShare(_ batch: [Int], step: Int, comm: some Communicator) throws -> BatchShare {
        let g = run.genes.count, width = 5 * g + 1
        var outgoing = [[Float]](repeating: [], count: comm.size)
        var totals = [Int64](repeating: 0, count: batch.count + 1)  // cells per position, then positive labels
        for (i, p) in batch.enumerated() where run.owns(p) {
            let positions = schedule.cellPositions(perturbation: p, cellCount: run.shard.cellCount(of: Int32(p)), step: step)
            let mean = run.shard.meanExpression(of: Int32(p), positions: positions).map(Float.init)
            let example = run.example(p, meanExpression: mean, cellCount: positions.count,
                                      adaptiveWeights: config.model.ablation.adaptiveWeights,
                                      effectMinDEGs: config.model.loss.effectMinDEGs)
            outgoing[i % comm.size] += [example.meanExpression, example.precisionWeight, example.responderLabel,
                                        example.observedDelta, example.prior].joined()
            outgoing[i % comm.size].append(example.effectLabel)
            totals[i] = Int64(positions.count)
            totals[batch.count] += Int64(example.responderLabel.lazy.filter { $0 > 0.5 }.count)
        }
        let received = try collectives.collective {
            let received = try comm.alltoallv(outgoing)
            try comm.allreduceSum(&totals)
            return received
        }
        // From each owner, the examples of the positions this rank computes, in position order.
        var cursor = [Int](repeating: 0, count: comm.size)
        var mine: [PerturbationExample] = []
        for i in stride(from: comm.rank, to: batch.count, by: comm.size) {
            let p = batch[i], owner = run.shardPlan.owner[p], start = cursor[owner]
            cursor[owner] += width
            let row = { (r: Int) in Array(received[owner][(start + r * g)..<(start + (r + 1) * g)]) }
            mine.append(PerturbationExample(id: p, targets: run.targetNodes[p], cellCount: Int(totals[i]),
                                            meanExpression: row(0), precisionWeight: row(1), responderLabel: row(2),
                                            observedDelta: row(3), prior: row(4), effectLabel: received[owner][start + 5 * g]))
        }
        return BatchShare(examples: mine,
                          normaliser: BatchNormaliser(perturbations: batch.count, responderPositives: Int(totals[batch.count])),
                          cells: Int(totals[..<batch.count].reduce(0, +)))
    }
}
