import AnnData
import Foundation

/// The cells one rank holds: all cells of the perturbations it owns and the control cells of its row
/// slice, as log1p values over the run's selected genes. Each perturbation's cells are ordered by their
/// row in the file, so "the k-th cell of p" means the same cell whatever the number of ranks.
public struct TrainingShard: Sendable {
    public var cells: CSRMatrix
    /// Global row of each held cell.
    public var globalRows: [Int]
    /// Local row indices of each held group's cells, in file order: perturbation index -> rows.
    public var rowsOfGroup: [Int32: [Int]]

    public init(geneCount: Int) {
        cells = CSRMatrix(nCols: geneCount)
        globalRows = []
        rowsOfGroup = [:]
    }

    /// Reserves room for `rows` cells holding `values` stored values.
    public mutating func reserveCapacity(rows: Int, values: Int) {
        cells.reserveCapacity(rows: rows, values: values)
        globalRows.reserveCapacity(rows)
    }

    /// Adds rows (already normalised and restricted to the selected genes) with their global rows and groups.
    public mutating func append(_ rows: CSRMatrix, globalRows newRows: [Int], groups: [Int32]) {
        let base = cells.nRows
        cells.append(rows)
        globalRows += newRows
        for (k, g) in groups.enumerated() { rowsOfGroup[g, default: []].append(base + k) }
    }

    /// Puts every group's rows into file order (rows arrive from several ranks).
    public mutating func sortGroups() {
        for (g, rows) in rowsOfGroup { rowsOfGroup[g] = rows.sorted { globalRows[$0] < globalRows[$1] } }
    }

    public func cellCount(of group: Int32) -> Int { rowsOfGroup[group]?.count ?? 0 }

    /// ybar = mean over the chosen cells (positions into the group's file-ordered cells), Float64 accumulation.
    public func meanExpression(of group: Int32, positions: [Int]) -> [Double] {
        var sum = [Double](repeating: 0, count: cells.nCols)
        let rows = rowsOfGroup[group] ?? []
        for k in positions {
            let (cols, vals) = cells.row(rows[k])
            for (c, v) in zip(cols, vals) { sum[Int(c)] += Double(v) }
        }
        let n = Double(max(positions.count, 1))
        return sum.map { $0 / n }
    }

    /// The group's cells as a dense row-major matrix (count x genes).
    public func denseCells(of group: Int32) -> [Float] {
        let rows = rowsOfGroup[group] ?? []
        var out = [Float](repeating: 0, count: rows.count * cells.nCols)
        for (k, r) in rows.enumerated() {
            let (cols, vals) = cells.row(r)
            for (c, v) in zip(cols, vals) { out[k * cells.nCols + Int(c)] = v }
        }
        return out
    }
}
