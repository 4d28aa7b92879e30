import AnnData
import Foundation
import Model

/// Library sizes (total counts per cell) and the normalisation target.
///
/// The median needs every cell's size, so ranks gather their per-cell totals (`StatisticsReducer.allgather`)
/// and every rank takes the exact median: 8 bytes per cell, 8 MB for a million cells, cheaper and simpler
/// than an exact distributed selection.
public enum LibrarySize {
    /// Sum of each row's stored values.
    public static func totals(_ chunk: CSRMatrix) -> [Double] {
        (0..<chunk.nRows).map { r in
            var s = 0.0
            for k in Int(chunk.indptr[r])..<Int(chunk.indptr[r + 1]) { s += Double(chunk.values[k]) }
            return s
        }
    }

    /// Median of the positive totals (as scanpy's `normalize_total` with `target_sum=None`); 1 when there are none.
    public static func median(_ totals: [Double]) -> Double {
        Model.median(totals.filter { $0 > 0 }) ?? 1
    }
}

/// Per-cell normalisation to a target total followed by log1p: x = log1p(v * target / total_cell), computed in
/// Float64 and stored as Float. Cells with total 0 stay 0. Input that is not counts is taken as log1p already.
public struct Log1pNormalizer: Sendable, Equatable {
    public let targetTotal: Double
    public let inputIsCounts: Bool

    public init(targetTotal: Double, inputIsCounts: Bool) {
        self.targetTotal = targetTotal
        self.inputIsCounts = inputIsCounts
    }

    public func normalize(_ chunk: CSRMatrix) -> CSRMatrix {
        guard inputIsCounts else { return chunk }
        var out = chunk
        let totals = LibrarySize.totals(chunk)
        for r in 0..<chunk.nRows where totals[r] > 0 {
            let scale = targetTotal / totals[r]
            for k in Int(chunk.indptr[r])..<Int(chunk.indptr[r + 1]) {
                out.values[k] = Float(log1p(Double(chunk.values[k]) * scale))
            }
        }
        return out
    }
}
