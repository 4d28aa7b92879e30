import Core

/// The one rule for what an expression matrix may hold, from counts over its stored values: raw counts (every
/// value a non-negative integer) or log1p-normalised expression (non-negative, below `log1pCeiling`). Anything
/// else is refused with the fix, since no normalisation can use it: NaN, infinite or negative values, no
/// non-zero value at all, or fractional values too large to be log1p (a raw count matrix with a damaged value).
public enum ExpressionValues {
    /// log1p-normalised values stay below this: log1p(x) = 15 needs x ≈ 3.3 million after per-cell scaling,
    /// where the usual target totals are 10^4 to 10^6.
    public static let log1pCeiling: Float = 15

    /// Whether the values are raw counts (false: log1p expression), or the error that names `file`'s `matrix`.
    public static func areCounts(stored: Int, nonFinite: Int, negative: Int, nonInteger: Int, largest: Float,
                                 file: String, matrix: String) throws -> Bool {
        guard nonFinite == 0, negative == 0 else {
            throw AdaPertError("\(file): \(matrix) has \(nonFinite) NaN or infinite and \(negative) negative values, "
                + "which no normalisation can use; pass raw counts or log1p expression (e.g. data.layer or "
                + "--layer counts), or replace them (adata.X.data = numpy.nan_to_num(adata.X.data)) and save again")
        }
        guard largest > 0 else {
            throw AdaPertError("\(file): \(matrix) has no non-zero value (\(stored) stored values); pass the layer "
                + "that holds the expression (data.layer, --layer)")
        }
        if nonInteger == 0 { return true }
        guard largest < log1pCeiling else {
            throw AdaPertError("\(file): \(matrix) is neither raw counts (\(nonInteger) of \(stored) stored values are "
                + "not integers) nor log1p expression (values reach \(largest), log1p stays below \(Int(log1pCeiling))); "
                + "pass raw integer counts or log1p-normalised values (data.layer, --layer)")
        }
        return false
    }
}
