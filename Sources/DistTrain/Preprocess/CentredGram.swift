import AnnData

/// The Gram operator of randomised PCA (`Model.PCALoadings`) over every rank's control cells: for the rows x_c
/// of `cells` (the control cells this rank holds) and the all-rank mean mu, A = the rows x_c - mu, and
///   A^T A X = sum_c (x_c - mu) t_c^T,  t_c = X^T (x_c - mu) = X^T x_c - X^T mu,
/// accumulated as Z = sum_c x_c t_c^T and T = sum_c t_c straight from the sparse rows (O(nnz b) for a G x b
/// block, no dense or G x G matrix); Z and T are summed over ranks and every rank finishes Z - mu T^T.
/// Each term of Z and T is rounded to a `SummationGrid` chosen from all-rank bounds, so the sums, and with
/// them the PCA features, are the same for any split of the control cells over ranks.
public struct CentredGram<Reducer: StatisticsReducer> {
    public let cells: CSRMatrix
    /// Local row indices of the rows taken.
    public let rows: [Int]
    /// mu, one value per column of `cells`.
    public let mean: [Double]
    private let reducer: Reducer
    /// All ranks: the number of rows, a bound on every |x_cj|, and the largest ||x_c - mu||_1.
    private let rowCount: Double
    private let largestValue: Double
    private let largestDeviation: Double

    /// Collective: every rank calls it with its own rows; `rowCount` is all ranks' and `largestValue` bounds
    /// every value of them (both known from the group statistics and preprocessing's `SumBounds`).
    public init(cells: CSRMatrix, rows: [Int], mean: [Double], rowCount: Double, largestValue: Double,
                reducer: Reducer) throws {
        precondition(mean.count == cells.nCols, "one mean per column")
        self.cells = cells
        self.rows = rows
        self.mean = mean
        self.reducer = reducer
        self.rowCount = rowCount
        self.largestValue = largestValue
        // ||x_c - mu||_1 = ||mu||_1 + sum over the stored j of (|x_cj - mu_j| - |mu_j|).
        let meanNorm = mean.reduce(0) { $0 + abs($1) }
        var deviation = 0.0
        for r in rows {
            var norm = meanNorm
            for k in Int(cells.indptr[r])..<Int(cells.indptr[r + 1]) {
                let m = mean[Int(cells.indices[k])]
                norm += abs(Double(cells.values[k]) - m) - abs(m)
            }
            deviation = max(deviation, norm)
        }
        // The running sum above may round below the true norm; the margin keeps it a bound.
        largestDeviation = try reducer.allreduceMax(deviation) * (1 + 0x1p-30) + 0x1p-30
    }

    /// Collective: sets `y` to sum over all ranks' rows of (x_c - mu) (x_c - mu)^T x for column-major G x b
    /// blocks `x` (the same on every rank) and `y`.
    public func product(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, columns b: Int) throws {
        let g = cells.nCols
        // Row-major copies (gene-major, b contiguous values a gene) so that each stored value touches one run.
        var xt = [Double](repeating: 0, count: g * b)
        var largestX = 0.0
        for c in 0..<b { for j in 0..<g { xt[j * b + c] = x[c * g + j]; largestX = max(largestX, abs(x[c * g + j])) } }
        // |t_c| <= ||x_c - mu||_1 max|X|, so the terms of T add up to at most rows x that, those of Z to
        // largestValue times more.
        let tBound = rowCount * largestDeviation * largestX * (1 + 0x1p-30)
        let tGrid = SummationGrid(bound: tBound), zGrid = SummationGrid(bound: tBound * largestValue)
        var projectedMean = [Double](repeating: 0, count: b)
        for j in 0..<g where mean[j] != 0 { for c in 0..<b { projectedMean[c] += mean[j] * xt[j * b + c] } }
        // Z (gene-major, G x b), then T (b): the one buffer the ranks sum.
        var sums = [Double](repeating: 0, count: g * b + b)
        var t = [Double](repeating: 0, count: b)
        // Raw pointers: the b-long inner loops must vectorise without bounds or exclusivity checks.
        cells.indptr.withUnsafeBufferPointer { indptr in
        cells.indices.withUnsafeBufferPointer { indices in
        cells.values.withUnsafeBufferPointer { values in
        xt.withUnsafeBufferPointer { xt in
        sums.withUnsafeMutableBufferPointer { sums in
        t.withUnsafeMutableBufferPointer { t in
        projectedMean.withUnsafeBufferPointer { projectedMean in
            let xt = xt.baseAddress!, zt = sums.baseAddress!, tSum = zt + g * b, t = t.baseAddress!
            for r in rows {
                let range = Int(indptr[r])..<Int(indptr[r + 1])
                for c in 0..<b { t[c] = -projectedMean[c] }
                for k in range {
                    let v = Double(values[k]), row = xt + Int(indices[k]) * b
                    for c in 0..<b { t[c] += v * row[c] }
                }
                for c in 0..<b { tSum[c] += tGrid.round(t[c]) }
                for k in range {
                    let v = Double(values[k]), row = zt + Int(indices[k]) * b
                    for c in 0..<b { row[c] += zGrid.round(v * t[c]) }
                }
            }
        }}}}}}}
        try reducer.allreduceSum(&sums)
        for j in 0..<g { for c in 0..<b { y[c * g + j] = sums[j * b + c] - mean[j] * sums[g * b + c] } }
    }
}
