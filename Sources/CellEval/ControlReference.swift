/// One gene's reference (control) sample prepared once for many Mann-Whitney tests: its distinct values
/// ascending, how many reference values lie strictly below each, and its own tie term sum(t^3 - t).
struct ReferenceColumn: Sendable {
    /// Distinct values, ascending.
    let distinct: [Float]
    /// below[k] = number of reference values < distinct[k]; below[distinct.count] = n.
    let below: [Int]
    let tieTerm: Double

    var count: Int { below[distinct.count] }

    init(sortedValues x: [Float]) {
        var distinct = [Float]()
        var below = [Int]()
        var tieTerm = 0.0
        var i = 0
        while i < x.count {
            var j = i
            while j + 1 < x.count && x[j + 1] == x[i] { j += 1 }
            let t = Double(j - i + 1)
            tieTerm += t * t * t - t
            distinct.append(x[i])
            below.append(i)
            i = j + 1
        }
        below.append(x.count)
        self.distinct = distinct
        self.below = below
        self.tieTerm = tieTerm
    }

    /// Index of the first distinct value >= v, searching from `start`.
    func lowerBound(_ v: Float, from start: Int) -> Int {
        var lo = start, hi = distinct.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if distinct[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// The control cells of one side (real or predicted), ranked once per gene so that every perturbation's test
/// only sorts its own cells and merges them in (pdex ranks control and perturbation together per gene;
/// the result is identical).
public struct ControlReference: Sendable {
    let columns: [ReferenceColumn]
    /// Mean log1p expression per gene over the control cells.
    public let means: [Double]
    /// The same means as pdex computes them (`CellMatrix.float32Means`), for fold changes.
    let float32Means: [Float]
    public let cellCount: Int

    public init(control: CellMatrix) {
        let g = control.columns, n = control.rows
        columns = parallelMap(g) { gene in
            var column = [Float](repeating: 0, count: n)
            control.values.withUnsafeBufferPointer { x in
                for c in 0..<n { column[c] = x[c * g + gene] }
            }
            column.sort()
            return ReferenceColumn(sortedValues: column)
        }
        means = control.columnMeans()
        float32Means = control.float32Means()
        cellCount = n
    }
}
