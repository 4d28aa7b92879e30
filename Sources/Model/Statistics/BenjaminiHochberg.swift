/// Benjamini–Hochberg false discovery rate control over one family of p-values (one perturbation's genes).
public enum BenjaminiHochberg {
    /// Adjusted p-values q_(i) = min_{j >= i} min(1, m p_(j) / j) over the p-values sorted ascending
    /// (as scipy's `false_discovery_control(method='bh')`). NaN p-values are treated as 1.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let p = pValues.map { $0.isNaN ? 1 : $0 }
        let order = (0..<m).sorted { p[$0] < p[$1] || (p[$0] == p[$1] && $0 < $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let i = order[rank - 1]
            running = min(running, min(1, p[i] * Double(m) / Double(rank)))
            adjusted[i] = running
        }
        return adjusted
    }

    /// Significant at FDR < `fdr` (default 0.05).
    public static func significant(_ pValues: [Double], fdr: Double = 0.05) -> [Bool] {
        adjust(pValues).map { $0 < fdr }
    }
}
