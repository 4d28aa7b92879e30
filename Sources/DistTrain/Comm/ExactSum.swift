import Foundation

/// A sum of Float vectors whose result does not depend on the order of the terms or on how they were spread
/// over ranks, so 1, 2 or 4 ranks train bit-identically.
///
/// Each term x (one example's gradient) is rounded once to fixed point with F = 64 binary places, v = round(x · 2^F), and kept as two Int64 words, hi = ⌊v / 2^32⌋ and lo = v − hi · 2^32 ∈ [0, 2^32).
/// Integer addition is associative, so Σ hi and Σ lo (locally, then MPI_SUM over ranks) are exact in any
/// order; the total is Float(Double(Σ hi) · 2^32 + Double(Σ lo)) · 2^−F, computed from the same integers on
/// every rank and for every world size. Resolution 2^−64 ≈ 5e-20; a term beyond
/// ±`limit` = 2^20 per element saturates there (far above any clipped gradient), and a non-finite term makes
/// the whole sum NaN. Up to 2^31 terms fit without overflow of Σ lo.
public struct ExactSum: Sendable {
    private static let limit: Double = 0x1p20
    private static let scale = 0x1p64
    private static let wordScale = 0x1p32

    /// hi words, then lo words, then one counter of non-finite terms: the buffer one allreduce sums.
    private var words: [Int64]
    public let count: Int

    public init(count: Int) {
        self.count = count
        words = [Int64](repeating: 0, count: 2 * count + 1)
    }

    /// Adds one term, element-wise. The words are reached through one buffer pointer for the whole term:
    /// indexing the array per element paid a uniqueness and bounds check on each of the two words.
    public mutating func add(_ term: UnsafeBufferPointer<Float>) {
        precondition(term.count == count, "ExactSum: term of \(term.count) values, expected \(count)")
        words.withUnsafeMutableBufferPointer { words in
            for i in 0..<count { Self.add(Double(term[i]), at: i, count: count, to: words) }
        }
    }

    /// Adds one term of Doubles (loss components), element-wise.
    public mutating func add(_ term: [Double]) {
        precondition(term.count == count, "ExactSum: term of \(term.count) values, expected \(count)")
        words.withUnsafeMutableBufferPointer { words in
            for i in 0..<count { Self.add(term[i], at: i, count: count, to: words) }
        }
    }

    @inline(__always)
    private static func add(_ x: Double, at i: Int, count: Int, to words: UnsafeMutableBufferPointer<Int64>) {
        guard x.isFinite else { words[2 * count] &+= 1; return }
        if x == 0 { return }
        // |v| ≤ 2^84 is an integer, so it splits exactly: hi = ⌊v / 2^32⌋, lo = v − hi · 2^32 ∈ [0, 2^32).
        let v = (min(max(x, -limit), limit) * scale).rounded(.toNearestOrEven)
        let hi = (v / wordScale).rounded(.down)
        words[i] &+= Int64(hi)
        words[count + i] &+= Int64(v - hi * wordScale)
    }

    /// Sums the accumulators of all ranks (one Int64 allreduce of 2 · count + 1 words).
    public mutating func allreduce(over comm: some Communicator) throws {
        try comm.allreduceSum(&words)
    }

    /// The sum, element-wise (NaN everywhere when a term was not finite).
    public func value(at i: Int) -> Double {
        if words[2 * count] > 0 { return .nan }
        return (Double(words[i]) * Self.wordScale + Double(words[count + i])) / Self.scale
    }

    /// Writes the sum as Floats into `result`.
    public func write(into result: inout [Float]) {
        precondition(result.count == count, "ExactSum: result of \(result.count) values, expected \(count)")
        for i in 0..<count { result[i] = Float(value(at: i)) }
    }
}
