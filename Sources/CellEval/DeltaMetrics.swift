/// Metrics on pseudobulk deltas (Float32 like cell-eval's polars pseudobulk; sums in Double).
public enum DeltaMetrics {
    /// Mean squared error (1/G) sum (pred - real)^2 over `genes` (all genes when nil).
    static func meanSquaredError(_ pred: ArraySlice<Float>, _ real: ArraySlice<Float>, genes: [Int]? = nil) -> Double {
        meanOf(pred, real, genes) { $0 * $0 }
    }

    /// Mean absolute error (1/G) sum |pred - real|.
    static func meanAbsoluteError(_ pred: ArraySlice<Float>, _ real: ArraySlice<Float>) -> Double {
        meanOf(pred, real, nil) { abs($0) }
    }

    public static func pearson(_ pred: ArraySlice<Float>, _ real: ArraySlice<Float>) -> Double {
        Correlation.pearson(pred.map(Double.init), real.map(Double.init))
    }

    /// The 20 genes with the smallest real p-value (ties: larger |log2FC|, then gene order): the GEARS-style
    /// "top-20 DEGs" for `mse_top20_de`.
    static func topDEGs(_ table: DETable, count: Int = 20) -> [Int] {
        let p = table.pValues, fc = table.log2FoldChange
        return Array(p.indices.sorted { a, b in
            if p[a] != p[b] { return p[a] < p[b] }
            if abs(fc[a]) != abs(fc[b]) { return abs(fc[a]) > abs(fc[b]) }
            return a < b
        }.prefix(count))
    }

    private static func meanOf(_ pred: ArraySlice<Float>, _ real: ArraySlice<Float>, _ genes: [Int]?,
                               _ f: (Double) -> Double) -> Double {
        let p = Array(pred), r = Array(real)
        let indices = genes ?? Array(p.indices)
        guard !indices.isEmpty else { return .nan }
        return indices.reduce(0.0) { $0 + f(Double(p[$1] - r[$1])) } / Double(indices.count)
    }
}
