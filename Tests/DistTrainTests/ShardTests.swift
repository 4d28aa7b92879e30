@testable import AnnData
@testable import DistTrain
import Testing

@Suite struct ShardTests {
    @Test(arguments: [1, 2, 3, 4])
    func shardPlanAssignsEveryPerturbationAndBalancesCells(ranks: Int) {
        let counts = [120, 80, 75, 64, 60, 33, 30, 12, 9, 0, 41, 57]
        let plan = ShardPlan(cellCounts: counts, worldSize: ranks)
        #expect(plan.owner.allSatisfy { (0..<ranks).contains($0) })
        for rank in 0..<ranks {
            #expect(plan.load[rank] == counts.indices.filter { plan.owner[$0] == rank }.map { counts[$0] }.reduce(0, +))
        }
        // Greedy largest-first: the spread of loads never exceeds the largest single perturbation.
        #expect(plan.load.max()! - plan.load.min()! <= counts.max()!)
        #expect(plan == ShardPlan(cellCounts: counts, worldSize: ranks))
        if ranks == 2 { #expect(plan.load.max()! - plan.load.min()! <= 12) }
    }

    @Test func rowCodecRoundTripsRowsGlobalRowsAndGroups() {
        let matrix = CSRMatrix(nRows: 3, nCols: 6, indptr: [0, 2, 2, 5], indices: [1, 4, 0, 3, 5],
                               values: [1.5, -0.25, .leastNonzeroMagnitude, 3, 7e9])
        var words: [UInt32] = []
        let globalRows = [5, 1 << 33 + 7, 0]
        let groups: [Int32] = [3, 0, 12]
        for r in 0..<3 { RowCodec.encode(row: r, of: matrix, globalRow: globalRows[r], group: groups[r], into: &words) }
        let decoded = RowCodec.decode(words, columns: 6)
        #expect(decoded.matrix == matrix)
        #expect(decoded.globalRows == globalRows)
        #expect(decoded.groups == groups)
    }

    /// 3 thread-ranks read contiguous slices of 40 cells in 5 groups (group 4 control, some cells excluded),
    /// in chunks of 4 rows: every rank must end with exactly the cells of the groups it owns, in file order,
    /// plus the control cells of its own slice, with the selected genes' values.
    @Test func shardExchangeGivesEveryRankExactlyItsCells() throws {
        let rows = 40, genes = 5, control: Int32 = 4
        let groups: [Int32] = (0..<rows).map { $0 % 9 == 8 ? -1 : Int32(($0 * 7) % 5) }
        var indptr: [Int64] = [0], indices: [Int32] = [], values: [Float] = []
        for r in 0..<rows {  // cell r holds the value r + c / 10 in columns c = r mod 5 ... 4
            for c in (r % genes)..<genes {
                indices.append(Int32(c))
                values.append(Float(r) + Float(c) / 10)
            }
            indptr.append(Int64(indices.count))
        }
        let cells = CSRMatrix(nRows: rows, nCols: genes, indptr: indptr, indices: indices, values: values)
        let counts = (0..<5).map { g in g == Int(control) ? 0 : groups.filter { $0 == Int32(g) }.count }
        let selected = GeneSubset(columns: [4, 1, 2], inputColumns: genes)
        let ranks = 3
        let plan = ShardPlan(cellCounts: counts, worldSize: ranks)
        let bounds = SumBounds(cells: Double(rows), log1pValue: Double(cells.values.max() ?? 0))
        let results = try LocalCommunicator.run(size: ranks) { comm in
            let source = RowRangeSource(reader: cells, rows: RowRangeSource<CSRMatrix>.slice(
                rank: comm.rank, size: comm.size, rowCount: rows), groups: groups, chunkRows: 4)
            let shard = try ShardExchange.build(source: source, plan: plan, controlGroup: control,
                                                normalizer: Log1pNormalizer(targetTotal: 1, inputIsCounts: false),
                                                genes: selected, comm: comm)
            let statistics = ShardStatistics(shard: shard, bounds: bounds)
            let owned = try (0..<Int32(control)).filter { plan.owner[Int($0)] == comm.rank }.map {
                ($0, try statistics.statistics(of: $0))
            }
            let controlStatistics = try statistics.reducedStatistics(of: control, reducer: CommunicatorReducer(comm))
            return (shard, owned, controlStatistics)
        }
        // Each owner's statistics of its perturbations, and every rank's reduced control statistics, are the
        // bits of one pass over the whole matrix.
        var whole = try GroupStatisticsAccumulator(groupCount: 5, genes: selected, bounds: bounds)
        whole.add(log1pChunk: cells, groupOfRow: groups)
        var ownedGroups: [Int32] = []
        for (_, owned, controlStatistics) in results {
            for (group, statistics) in owned {
                #expect(statistics == whole.statistics(group: Int(group)), "group \(group)")
                ownedGroups.append(group)
            }
            #expect(controlStatistics == whole.statistics(group: Int(control)))
        }
        #expect(ownedGroups.sorted() == [0, 1, 2, 3])
        for (rank, shard) in results.map(\.0).enumerated() {
            let slice = RowRangeSource<CSRMatrix>.slice(rank: rank, size: ranks, rowCount: rows)
            let expected = (0..<rows).filter { r in
                groups[r] >= 0 && (groups[r] == control ? slice.contains(r) : plan.owner[Int(groups[r])] == rank)
            }
            #expect(shard.globalRows.sorted() == expected)
            for (group, local) in shard.rowsOfGroup {
                #expect(local.map { shard.globalRows[$0] } == expected.filter { groups[$0] == group })
            }
            for (k, r) in shard.globalRows.enumerated() {
                let dense = shard.cells.denseRow(k)
                let want = selected.columns.map { c in c >= r % genes ? Float(r) + Float(c) / 10 : 0 }
                #expect(dense == want, "rank \(rank), global row \(r)")
            }
        }
    }
}
