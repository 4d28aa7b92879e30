import CellEval

/// A fixed subsample of the control cells, identical on every rank whatever the world size: up to `limit`
/// control cells evenly spaced in file order, gathered from the ranks that hold them. Validation draws its
/// predicted cells from it and its DE tests compare against it; prediction does not use it.
public enum ControlSample {
    public static func gather(run: PreparedRun, limit: Int, comm: some Communicator) throws -> CellMatrix {
        let controlRows = run.annotation.cellLabels.indices.filter { run.annotation.cellLabels[$0] == run.controlGroup }
        let stride = max(1, (controlRows.count + limit - 1) / limit)
        let chosen = Set(Swift.stride(from: 0, to: controlRows.count, by: stride).map { controlRows[$0] })
        let g = run.genes.count
        var local: [Float] = []
        var localRows: [Int64] = []
        for r in run.shard.rowsOfGroup[run.controlGroup] ?? [] where chosen.contains(run.shard.globalRows[r]) {
            local += run.shard.cells.denseRow(r)
            localRows.append(Int64(run.shard.globalRows[r]))
        }
        let rows = try comm.allgatherv(localRows).flatMap { $0 }
        let values = try comm.allgatherv(local).flatMap { $0 }
        let order = rows.indices.sorted { rows[$0] < rows[$1] }
        var sorted = [Float](repeating: 0, count: values.count)
        for (k, i) in order.enumerated() {
            sorted.replaceSubrange((k * g)..<((k + 1) * g), with: values[(i * g)..<((i + 1) * g)])
        }
        return CellMatrix(rows: rows.count, columns: g, values: sorted)
    }
}
