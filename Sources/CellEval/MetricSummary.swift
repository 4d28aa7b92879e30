import Foundation

/// One column of agg_results.csv: polars `DataFrame.describe()` as cell-eval 0.8.2 calls it (checked against
/// polars 2.1.0): count and null_count (NaN counts as a value), mean and std (ddof 1; NaN propagates; null
/// for std with < 2 values), min and max ignoring NaN (NaN only when all values are NaN), and the 25/50/75%
/// quantiles by "nearest": the sorted non-null values (NaN last) at index round((n - 1) q), halves rounded up.
public struct MetricSummary: Sendable, Equatable {
    public static let statistics = ["count", "null_count", "mean", "std", "min", "25%", "50%", "75%", "max"]

    /// Aligned with `statistics`; nil is null.
    public let values: [Double?]

    public init(_ column: [Double?]) {
        let present = column.compactMap { $0 }
        let n = present.count
        let count = Double(n), nullCount = Double(column.count - n)
        guard n > 0 else {
            values = [count, nullCount] + [Double?](repeating: nil, count: 7)
            return
        }
        let mean = present.reduce(0, +) / count
        let std: Double? = n < 2 ? nil
            : (present.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)).squareRoot()
        let numbers = present.filter { !$0.isNaN }
        let sorted = numbers.sorted() + [Double](repeating: .nan, count: n - numbers.count)
        let quantile = { (q: Double) -> Double in sorted[Int((Double(n - 1) * q).rounded(.toNearestOrAwayFromZero))] }
        values = [count, nullCount, mean, std, numbers.min() ?? .nan, quantile(0.25), quantile(0.5),
                  quantile(0.75), numbers.max() ?? .nan]
    }

    /// The mean, nil when there is no value.
    public var mean: Double? { values[2] }
}
