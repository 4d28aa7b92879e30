import AnnData

/// This rank's share of the Gram operator of randomised PCA (`Model.PCALoadings`): for its rows x_c of
/// `cells` (the control cells it holds) and the all-rank mean mu, A = the rows x_c - mu, and
///   A^T A X = sum_c (x_c - mu) t_c^T,  t_c = X^T (x_c - mu) = X^T x_c - X^T mu,
/// accumulated as sum_c x_c t_c^T - mu (sum_c t_c)^T straight from the sparse rows (O(nnz b) for a G x b
/// block, no dense or G x G matrix). Ranks holding disjoint rows sum their products to A^T A X of all rows.
public struct CentredGram {
    public let cells: CSRMatrix
    /// Local row indices of the rows taken.
    public let rows: [Int]
    /// mu, one value per column of `cells`.
    public let mean: [Double]

    public init(cells: CSRMatrix, rows: [Int], mean: [Double]) {
        precondition(mean.count == cells.nCols, "one mean per column")
        self.cells = cells
        self.rows = rows
        self.mean = mean
    }

    /// Sets `y` to this rank's sum_c (x_c - mu) (x_c - mu)^T x for column-major G x b blocks `x` and `y`.
    public func product(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, columns b: Int) {
        let g = cells.nCols
        // Row-major copies (gene-major, b contiguous values a gene) so that each stored value touches one run.
        var xt = [Double](repeating: 0, count: g * b)
        for c in 0..<b { for j in 0..<g { xt[j * b + c] = x[c * g + j] } }
        var projectedMean = [Double](repeating: 0, count: b)
        for j in 0..<g where mean[j] != 0 { for c in 0..<b { projectedMean[c] += mean[j] * xt[j * b + c] } }
        var zt = [Double](repeating: 0, count: g * b)
        var tSum = [Double](repeating: 0, count: b)
        var t = [Double](repeating: 0, count: b)
        // Raw pointers: the b-long inner loops must vectorise without bounds or exclusivity checks.
        cells.indptr.withUnsafeBufferPointer { indptr in
        cells.indices.withUnsafeBufferPointer { indices in
        cells.values.withUnsafeBufferPointer { values in
        xt.withUnsafeBufferPointer { xt in
        zt.withUnsafeMutableBufferPointer { zt in
        t.withUnsafeMutableBufferPointer { t in
        tSum.withUnsafeMutableBufferPointer { tSum in
        projectedMean.withUnsafeBufferPointer { projectedMean in
            let xt = xt.baseAddress!, zt = zt.baseAddress!, t = t.baseAddress!, tSum = tSum.baseAddress!
            for r in rows {
                let range = Int(indptr[r])..<Int(indptr[r + 1])
                for c in 0..<b { t[c] = -projectedMean[c] }
                for k in range {
                    let v = Double(values[k]), row = xt + Int(indices[k]) * b
                    for c in 0..<b { t[c] += v * row[c] }
                }
                for c in 0..<b { tSum[c] += t[c] }
                for k in range {
                    let v = Double(values[k]), row = zt + Int(indices[k]) * b
                    for c in 0..<b { row[c] += v * t[c] }
                }
            }
        }}}}}}}}
        for j in 0..<g { for c in 0..<b { y[c * g + j] = zt[j * b + c] - mean[j] * tSum[c] } }
    }
}
