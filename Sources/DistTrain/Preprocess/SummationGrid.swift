/// Rounds the terms of a Float64 sum to a fixed-point grid fine enough to lose nothing that matters and coarse
/// enough that the sum is exact, so it is the same whatever the order of the terms and however the cells were
/// spread over ranks (docs/distributed.md, "Exact sums").
///
/// With B a bound on the sum of the terms' magnitudes, the unit is u = 2^(⌈log2 B⌉ − 51). Every rounded term
/// and every partial sum is then an integer multiple of u no larger than 2^51 u in magnitude, which Float64's
/// 53 significant bits hold exactly, so no addition rounds. A term moves by at most u / 2 (≈ B · 2^-52).
/// round(x) = (x + c) − c with c = 1.5 · 2^52 · u: for |x| ≤ 2^51 u, x + c lies in [2^52 u, 2^53 u], where the
/// spacing of Float64 values is u, so the addition rounds x to the nearest multiple of u (ties to even) and the
/// subtraction is exact.
public struct SummationGrid: Sendable, Equatable {
    /// u: every rounded term is a multiple of it.
    public let unit: Double
    private let shift: Double

    /// A grid for sums whose terms' magnitudes add up to at most `bound` (below 2^-900, e.g. 0 for a sum of
    /// zeros only, it is taken as 2^-900).
    public init(bound: Double) {
        precondition(bound.isFinite && bound < 0x1p900, "SummationGrid: the bound \(bound) is not below 2^900")
        let exponent = max(bound.nextDown.exponent + 1, -900)  // ⌈log2 bound⌉
        unit = Double(sign: .plus, exponent: exponent - 51, significand: 1)
        shift = 1.5 * 0x1p52 * unit
    }

    /// x rounded to the nearest multiple of `unit`; |x| must not exceed the bound.
    @inline(__always)
    public func round(_ x: Double) -> Double { (x + shift) - shift }
}
