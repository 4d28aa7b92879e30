/// Benjamini-Hochberg adjusted p-values with scipy.stats.false_discovery_control (method "bh") semantics, the
/// FDR pdex 0.3.0 reports: sort ascending, q_(i) = p_(i) * (m / i), running minimum from the largest p down,
/// clipped to [0, 1], returned in input order. One value (or none) is returned unchanged.
enum BenjaminiHochberg {
    static func adjust(_ p: [Double]) -> [Double] {
        let m = p.count
        guard m > 1 else { return p }
        let order = p.indices.sorted { p[$0] < p[$1] || (p[$0] == p[$1] && $0 < $1) }
        var adjusted = [Double](repeating: 0, count: m)
        var running = Double.infinity
        for position in stride(from: m - 1, through: 0, by: -1) {
            let scaled = p[order[position]] * (Double(m) / Double(position + 1))
            running = min(running, scaled)
            adjusted[order[position]] = min(max(running, 0), 1)
        }
        return adjusted
    }
}
