import Foundation

/// Highly variable genes, Seurat's dispersion flavour as scanpy's `highly_variable_genes(flavor='seurat')`:
/// on normalised expression x = expm1(log1p data), per gene mean m (0 -> 1e-12) and unbiased variance v,
/// dispersion d = log(v / m), mean' = log1p(m); genes are binned into 20 equal-width bins of mean'; within a bin
/// z = (d - mean_bin(d)) / std_bin(d) (std with ddof 1; a bin of one gene gets z = 1, as scanpy); the genes
/// with the largest z (NaN counted as 0; ties -> lower index) are kept. `alwaysKeep` genes (measured
/// perturbation targets) are added on top. The result is sorted by gene index.
public enum HighlyVariableGenes {
    public static func seurat(_ moments: GeneMomentsAccumulator, top: Int?, alwaysKeep: [Int] = [], bins: Int = 20) -> [Int] {
        let g = moments.geneCount
        guard let top, top > 0, top < g else { return Array(0..<g) }
        let z = normalizedDispersion(moments, bins: bins)
        let ranked = (0..<g).sorted { z[$0] > z[$1] || (z[$0] == z[$1] && $0 < $1) }
        return Set(ranked.prefix(top)).union(alwaysKeep).sorted()
    }

    /// The binned z-scores of the log dispersion (NaN replaced by 0).
    public static func normalizedDispersion(_ moments: GeneMomentsAccumulator, bins: Int = 20) -> [Double] {
        let mean = moments.mean.map { $0 == 0 ? 1e-12 : $0 }
        let variance = moments.variance
        let dispersion = zip(variance, mean).map { v, m in log(v / m) }   // -inf for v = 0
        let logMean = mean.map { log1p($0) }
        let lo = logMean.min() ?? 0, hi = logMean.max() ?? 0
        // pandas.cut with equal-width bins: (edge_i, edge_i+1], the first bin extended to include the minimum.
        let width = (hi - lo) / Double(bins)
        let bin = logMean.map { width > 0 ? min(bins - 1, max(0, Int(ceil(($0 - lo) / width)) - 1)) : 0 }
        var members = [[Int]](repeating: [], count: bins)
        for (gene, b) in bin.enumerated() where dispersion[gene].isFinite { members[b].append(gene) }
        var z = [Double](repeating: 0, count: moments.geneCount)
        for genes in members where !genes.isEmpty {
            let values = genes.map { dispersion[$0] }
            let m = values.reduce(0, +) / Double(values.count)
            guard values.count > 1 else { z[genes[0]] = 1; continue }
            let sd = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
            for (gene, d) in zip(genes, values) { z[gene] = sd > 0 ? (d - m) / sd : 0 }
        }
        return z
    }
}
