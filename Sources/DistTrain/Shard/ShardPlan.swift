/// Which rank holds the cells of which perturbation: perturbations are assigned greedily, largest first,
/// to the rank with the fewest cells so far (ties: lower perturbation index, then lower rank), so shards are
/// balanced by cell count and the plan depends only on the counts and the world size. Control cells stay
/// on the rank whose contiguous row slice holds them, which spreads them evenly.
public struct ShardPlan: Equatable, Sendable {
    public let worldSize: Int
    /// owner[p] = rank holding perturbation p's cells.
    public let owner: [Int]
    /// Cells per rank (perturbation cells only).
    public let load: [Int]

    public init(cellCounts: [Int], worldSize: Int) {
        precondition(worldSize >= 1, "world size must be positive")
        var owner = [Int](repeating: 0, count: cellCounts.count)
        var load = [Int](repeating: 0, count: worldSize)
        let order = cellCounts.indices.sorted { cellCounts[$0] > cellCounts[$1] || (cellCounts[$0] == cellCounts[$1] && $0 < $1) }
        for p in order {
            let rank = load.indices.min { load[$0] < load[$1] || (load[$0] == load[$1] && $0 < $1) }!
            owner[p] = rank
            load[rank] += cellCounts[p]
        }
        self.worldSize = worldSize
        self.owner = owner
        self.load = load
    }
}
