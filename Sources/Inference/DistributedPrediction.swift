import CellEval
import DistTrain
import Model

/// `predict` across the ranks of an mpirun (docs/distributed.md, "Prediction"): a rank holds the priors and
/// cells of the perturbations it owns, so it runs the model on those (in bounded batches) and sends their
/// cells; rank 0 writes the files. In one process every perturbation is owned and nothing is sent.
extension LoadedRun {
    /// The deltas `predict` writes for `ids`, on every rank: the model's, or the train-mean delta for the
    /// `isolated` ids. Each row is written by its owner only, so the allreduce copies it exactly and the
    /// deltas are the bits of a one-process run.
    public func predictedDeltas(_ ids: [Int], isolated: [Int], comm: some Communicator) throws -> [[Float]] {
        let g = run.genes.count
        let trainMean = isolated.isEmpty ? [] : MeanBaselines.trainMean(
            trainDeltas: try PreparedRun.gatherRows(run.trainingIDs.map { run.effects[$0]?.observedDelta }, width: g, comm: comm)
                .flatMap { $0.map(Float.init) },
            genes: g)
        let owned = ids.filter { run.owns($0) }
        let mine = Dictionary(uniqueKeysWithValues: zip(owned, try modelPredictions(owned, isolated: isolated, trainMean: trainMean).deltas))
        // -0 becomes +0 as in a sum over ranks, so the CSV reads the same on any number of ranks.
        return try PreparedRun.gatherRows(ids.map { mine[$0] }, width: g, comm: comm).map { $0.map { $0 + 0 } }
    }

    /// Every rank's control cells, in file order (each rank holds those of its contiguous row slice), on
    /// rank 0; an empty matrix elsewhere.
    public func gatheredControlCells(comm: some Communicator) throws -> CellMatrix {
        try gathered(controlCells.values, comm: comm)
    }

    /// The real cells of `p`, sent by its owner, on rank 0; an empty matrix elsewhere.
    public func gatheredRealCells(_ p: Int, comm: some Communicator) throws -> CellMatrix {
        try gathered(run.owns(p) ? realCells(p).values : [], comm: comm)
    }

    /// Every rank's rows of cells (row-major over the run's genes), in rank order, on rank 0.
    private func gathered(_ values: [Float], comm: some Communicator) throws -> CellMatrix {
        let all = Array(try comm.gatherv(values).joined())
        return CellMatrix(rows: all.count / max(run.genes.count, 1), columns: run.genes.count, values: all)
    }

    /// The number of cells of each of `ids`, on every rank (from their owners).
    public func cellCounts(_ ids: [Int], comm: some Communicator) throws -> [Int] {
        var counts = ids.map { run.owns($0) ? Int64(run.shard.cellCount(of: Int32($0))) : 0 }
        try comm.allreduceSum(&counts)
        return counts.map(Int.init)
    }
}
