import AnnData
import Model

/// The per-group statistics a rank computes from its own shard (docs/distributed.md, "What each rank holds").
/// All of a perturbation's cells live on its owner, which alone computes that perturbation's statistics; the
/// control cells stay on the ranks that read them, so their statistics are summed over ranks. Every term is
/// rounded to the run's `SummationGrid`s, so the results are the bits one pass over the whole file gives,
/// on any number of ranks, while no rank holds more than one group's statistics at a time.
public struct ShardStatistics {
    public let shard: TrainingShard
    /// The bounds of the run's summation grids (`Normalization.bounds`).
    public let bounds: SumBounds

    public init(shard: TrainingShard, bounds: SumBounds) {
        self.shard = shard
        self.bounds = bounds
    }

    /// The statistics of the held cells of `group`: all of a perturbation's cells on its owner.
    public func statistics(of group: Int32) throws -> GroupStatistics {
        try accumulator(of: group).statistics(group: 0)
    }

    /// The statistics of `group`'s cells on every rank (the control group's), reduced through `reducer`.
    public func reducedStatistics(of group: Int32, reducer: some StatisticsReducer) throws -> GroupStatistics {
        var accumulator = try accumulator(of: group)
        try accumulator.reduce(with: reducer)
        return accumulator.statistics(group: 0)
    }

    private func accumulator(of group: Int32) throws -> GroupStatisticsAccumulator {
        var one = try GroupStatisticsAccumulator(groupCount: 1, genes: .all(shard.cells.nCols), bounds: bounds)
        one.add(rows: shard.rowsOfGroup[group] ?? [], of: shard.cells, toGroup: 0)
        return one
    }
}
