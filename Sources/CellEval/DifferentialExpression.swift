import Model
import Foundation

/// One perturbation's differential-expression table against control, as pdex 0.3.0 (mode "ref",
/// geometric mean, is_log1p, epsilon 0, no CPM filter) computes it and cell-eval 0.8.2 then reads it:
/// - p: two-sided Mann-Whitney U per gene (`MannWhitney`), FDR: Benjamini-Hochberg over this perturbation's
///   genes (`BenjaminiHochberg`);
/// - log2FC = log2(expm1(mean_p) / expm1(mean_ctrl)) from log1p means (geometric means in count space),
///   with 0/0 defined as 0 and one-sided zeros kept as +-inf;
/// - cell-eval casts FDR and log2FC to Float32 before anything else, so significance is
///   Float32(fdr) < Float32(0.05), and the top-gene order is |log2FC| (Float32) descending, ties in gene order.
public struct DETable: Sendable, Equatable {
    public static let fdrThreshold: Float = 0.05

    public let pValues: [Double]
    public let fdr: [Float]
    public let log2FoldChange: [Float]
    /// Genes with FDR < 0.05, ordered by |log2FC| descending, ties by gene index (polars ordinal rank).
    public let rankedSignificant: [Int]

    public init(pValues: [Double], log2FoldChange: [Float]) {
        self.pValues = pValues
        self.log2FoldChange = log2FoldChange
        let fdr = BenjaminiHochberg.adjust(pValues).map { Float($0) }
        self.fdr = fdr
        let significant = fdr.indices.filter { fdr[$0] < DETable.fdrThreshold }
        let fc = log2FoldChange
        rankedSignificant = significant.sorted { a, b in
            let fa = abs(fc[a]), fb = abs(fc[b])
            return fa > fb || (fa == fb && a < b)
        }
    }

    public var significantCount: Int { rankedSignificant.count }

    /// Calls DE for the cells of one perturbation against a prepared control.
    public init(group: CellMatrix, control: ControlReference) {
        let g = group.columns, n = group.rows
        var pValues = [Double](repeating: 1, count: g)
        var byGene = group.transposed()
        byGene.withUnsafeMutableBufferPointer { columns in
            for gene in 0..<g {
                let column = UnsafeMutableBufferPointer(rebasing: columns[(gene * n)..<((gene + 1) * n)])
                SparseSort.sort(column)
                pValues[gene] = MannWhitney.pValue(sortedGroup: UnsafeBufferPointer(column),
                                                   reference: control.columns[gene])
            }
        }
        let means = group.float32Means()
        let fc = (0..<g).map { DETable.log2FoldChange(groupMean: means[$0], controlMean: control.float32Means[$0]) }
        self.init(pValues: pValues, log2FoldChange: fc)
    }

    /// pdex's fold change: the log1p means are Float32 (the data's type), expm1 in Float32, the ratio and
    /// log2 in Double, then Float32 as cell-eval stores it. NaN (0/0) becomes 0.
    static func log2FoldChange(groupMean: Float, controlMean: Float) -> Float {
        let numerator = Double(expm1f(groupMean))
        let denominator = Double(expm1f(controlMean))
        let value = log2(numerator / denominator)
        return value.isNaN ? 0 : Float(value)
    }
}
