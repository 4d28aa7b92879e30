/// Per-gene sufficient statistics of one group of cells (one perturbation, or the controls) in log1p
/// space: the number of cells n, and per gene sum x, sum x^2 and the number of non-zero values.
/// Float64 throughout; groups from different ranks or chunks combine by adding (`merge`).
public struct GroupStatistics: Equatable, Sendable {
    public var count: Double
    public var sum: [Double]
    public var sumOfSquares: [Double]
    public var nonZeros: [Double]

    public init(count: Double, sum: [Double], sumOfSquares: [Double], nonZeros: [Double]) {
        precondition(sum.count == sumOfSquares.count && sum.count == nonZeros.count, "gene counts differ")
        self.count = count
        self.sum = sum
        self.sumOfSquares = sumOfSquares
        self.nonZeros = nonZeros
    }

    /// Empty statistics (no cells) over `geneCount` genes.
    public init(geneCount: Int) {
        let zeros = [Double](repeating: 0, count: geneCount)
        self.init(count: 0, sum: zeros, sumOfSquares: zeros, nonZeros: zeros)
    }

    public var geneCount: Int { sum.count }

    /// Adds another group's statistics over the same genes (cells of both groups pooled).
    public mutating func merge(_ other: GroupStatistics) {
        precondition(other.geneCount == geneCount, "gene counts differ")
        count += other.count
        for g in 0..<geneCount {
            sum[g] += other.sum[g]
            sumOfSquares[g] += other.sumOfSquares[g]
            nonZeros[g] += other.nonZeros[g]
        }
    }

    /// Per-gene mean sum x / n (0 for an empty group).
    public func mean() -> [Double] {
        count > 0 ? sum.map { $0 / count } : [Double](repeating: 0, count: geneCount)
    }

    /// Per-gene unbiased variance (sum x^2 - n mean^2) / (n - 1), clamped at 0 against rounding;
    /// 0 when n < 2.
    public func variance() -> [Double] {
        guard count >= 2 else { return [Double](repeating: 0, count: geneCount) }
        return (0..<geneCount).map { g in
            let m = sum[g] / count
            return max(0, (sumOfSquares[g] - count * m * m) / (count - 1))
        }
    }
}
