import AnnData
import Core
import Foundation
import Model

/// One .h5ad read for evaluation: its genes, and each canonical perturbation label's cells as dense log1p.
///
/// As cell-eval 0.8.2 does (`guess_is_lognorm`, `_convert_to_normlog`): a matrix without any fractional part
/// above 1e-3 is taken as counts and normalised (each cell scaled to the median total count of the cells
/// with a non-zero total, then log1p); after that a negative value or one >= 15 is an error.
public struct EvaluationFile {
    let path: String
    public let genes: [String]
    let key: String
    let control: CellMatrix
    /// Non-control canonical label -> its cells.
    let groups: [String: CellMatrix]
    let wasCounts: Bool

    /// `requireControlValue`: see `PerturbationAnnotation.read` (off for predictions).
    public static func read(_ path: String, perturbationKey: String?, control: String?,
                            requireControlValue: Bool = true) throws -> EvaluationFile {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AdaPertError("\(path): file not found; pass an existing .h5ad to --pred/--real")
        }
        let file = try AnnDataFile(path: path)
        let genes = try file.varNames()
        let annotation = try PerturbationAnnotation.read(from: file, key: perturbationKey, control: control,
                                                            requireControlValue: requireControlValue)
        let g = file.nVars
        let kept = annotation.cellLabels.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
        try MemoryBudget.require(count: kept * max(g, 1), bytesEach: MemoryLayout<Float>.size,
                                 for: "\(path): its \(kept) cells x \(g) genes as a dense matrix",
                                 fix: "evaluate a subsample of the cells per perturbation, or on a machine with more memory")
        var values = [[Float]](repeating: [], count: annotation.labels.count)
        var totals = [Double]()
        totals.reserveCapacity(file.nObs)
        var hasDecimals = false
        try file.forEachRowChunk { first, chunk in
            for r in 0..<chunk.nRows {
                let (columns, entries) = chunk.row(r)
                totals.append(entries.reduce(0.0) { $0 + Double($1) })
                if !hasDecimals { hasDecimals = entries.contains { $0 - $0.rounded(.towardZero) > 1e-3 } }
                let label = Int(annotation.cellLabels[first + r])
                guard label >= 0 else { continue }
                let base = values[label].count
                values[label].append(contentsOf: repeatElement(0, count: g))
                for (c, v) in zip(columns, entries) { values[label][base + Int(c)] = v }
            }
        }
        if !hasDecimals { normalise(&values, totals: totals, genes: g) }
        try checkRange(values, path: path, normalised: !hasDecimals)
        var groups = [String: CellMatrix]()
        for (i, label) in annotation.labels.enumerated() where i != annotation.controlIndex {
            groups[label] = CellMatrix(rows: values[i].count / g, columns: g, values: values[i])
        }
        let controlValues = values[annotation.controlIndex]
        return EvaluationFile(path: path, genes: genes, key: annotation.key,
                              control: CellMatrix(rows: controlValues.count / g, columns: g, values: controlValues),
                              groups: groups, wasCounts: !hasDecimals)
    }

    /// scanpy normalize_total (target = median non-zero cell total) then log1p, on the kept cells in place.
    private static func normalise(_ values: inout [[Float]], totals: [Double], genes g: Int) {
        guard let target = median(totals.filter { $0 > 0 }) else { return }
        for label in values.indices {
            for start in stride(from: 0, to: values[label].count, by: g) {
                let total = values[label][start..<(start + g)].reduce(0.0) { $0 + Double($1) }
                guard total > 0 else { continue }
                let scale = Float(target / total)
                for i in start..<(start + g) { values[label][i] = log1pf(values[label][i] * scale) }
            }
        }
    }

    private static func checkRange(_ values: [[Float]], path: String, normalised: Bool) throws {
        var low = Float.infinity, high = -Float.infinity
        for group in values {
            for v in group {
                if v.isNaN { throw AdaPertError("\(path): expression contains NaN; remove or impute those values") }
                low = min(low, v)
                high = max(high, v)
            }
        }
        let origin = normalised ? "after normalising its integer counts" : "as given"
        if low < 0 {
            throw AdaPertError("\(path): expression has negative values (min \(low)) \(origin); evaluate expects "
                + "log1p-normalised expression (or raw integer counts, which it normalises)")
        }
        if high >= ExpressionValues.log1pCeiling {
            throw AdaPertError("\(path): expression reaches \(high) \(origin), too large for log1p data (< \(Int(ExpressionValues.log1pCeiling))); "
                + "pass log1p-normalised values, or raw integer counts")
        }
    }
}
