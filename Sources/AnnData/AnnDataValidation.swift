/// What a full pass over an .h5ad file found (see `AnnDataFile.validate`).
public struct AnnDataValidation: Sendable {
    /// Stored values, and those that are non-zero.
    public var storedCount: Int = 0
    public var nonZeroCount: Int = 0
    /// Finite stored values that are not integers.
    public var nonIntegerCount: Int = 0
    /// Every stored value is a finite non-negative integer (raw counts).
    public var isCounts: Bool { nonIntegerCount == 0 && nonFiniteCount == 0 && negativeCount == 0 }
    public var maxValue: Float = 0
    /// Float64 sum of all values.
    public var total: Double = 0
    /// Stored values that are NaN or infinite, and negative ones: no normalisation can use them.
    public var nonFiniteCount: Int = 0
    public var negativeCount: Int = 0
}

extension AnnDataFile {
    /// Reads the whole file in bounded chunks and checks its structure: sparse indptr from 0, non-decreasing,
    /// ending at the stored count; gene indices in [0, nVars); data and index lengths equal; every obs and
    /// var column the right length with category codes in [-1, nCategories). Throws the first problem found.
    @discardableResult
    public func validate(rowsPerChunk: Int? = nil) throws -> AnnDataValidation {
        try checkMatrixEnds()
        var summary = AnnDataValidation()
        try forEachRowChunk(rowsPerChunk: rowsPerChunk) { _, chunk in
            summary.add(chunk.values)
        }
        for frame in [obs, `var`] {
            _ = try frame.index()
            for name in frame.columnNames {
                _ = try frame.column(name)
            }
        }
        return summary
    }
}

extension AnnDataValidation {
    mutating func add(_ values: [Float]) {
        var total = 0.0, maxValue = self.maxValue, nonZero = 0, nonInteger = 0, nonFinite = 0, negative = 0
        values.withUnsafeBufferPointer { buffer in
            for v in buffer {
                if !v.isFinite { nonFinite += 1; continue }
                if v < 0 { negative += 1 }
                total += Double(v)
                if v != 0 { nonZero += 1 }
                if v > maxValue { maxValue = v }
                if v != v.rounded() { nonInteger += 1 }
            }
        }
        self.total += total
        self.maxValue = maxValue
        storedCount += values.count
        nonZeroCount += nonZero
        nonIntegerCount += nonInteger
        nonFiniteCount += nonFinite
        negativeCount += negative
    }
}
