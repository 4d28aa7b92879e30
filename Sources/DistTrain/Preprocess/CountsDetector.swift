import AnnData

/// Counts, over every rank's rows, what `ExpressionValues.areCounts` decides from: stored, non-integer,
/// negative and non-finite values. Buffer: [values seen, non-integer values, negative values, NaN or infinite values].
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

    public var storedValues: Int { Int(buffer[0]) }
    public var nonIntegerValues: Int { Int(buffer[1]) }
    public var negativeValues: Int { Int(buffer[2]) }
    public var nonFiniteValues: Int { Int(buffer[3]) }
}
