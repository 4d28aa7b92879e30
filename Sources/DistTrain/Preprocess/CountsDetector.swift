import AnnData

/// Decides whether a matrix holds raw counts (every stored value a non-negative integer) or already
/// normalised log1p values, and counts the values no normalisation can use.
/// Buffer: [values seen, non-integer values, negative values, NaN or infinite values].
public struct CountsDetector: ReducibleAccumulator, Sendable {
    public var buffer: [Double] = [0, 0, 0, 0]

    public init() {}

    public mutating func add(_ chunk: CSRMatrix) {
        var nonInteger = 0.0, negative = 0.0, nonFinite = 0.0
        chunk.values.withUnsafeBufferPointer { values in
            for v in values {
                if !v.isFinite { nonFinite += 1; continue }
                if v < 0 { negative += 1 }
                if v != v.rounded() { nonInteger += 1 }
            }
        }
        buffer[0] += Double(chunk.nnz)
        buffer[1] += nonInteger
        buffer[2] += negative
        buffer[3] += nonFinite
    }

    /// Counts when no value is negative or fractional.
    public var isCounts: Bool { buffer[1] == 0 && buffer[2] == 0 }
    public var negativeValues: Int { Int(buffer[2]) }
    public var nonFiniteValues: Int { Int(buffer[3]) }
}
