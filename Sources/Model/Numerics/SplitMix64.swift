/// SplitMix64 (Steele, Lea, Flood 2014): the mixing function and a small sequential stream for
/// reproducible set-up work (parameter initialisation, eigensolver start vectors, the simulator). Not the
/// stdlib RNG, so a seed means the same numbers on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The SplitMix64 finaliser: z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One step of a counter-based hash chain: folds `word` into `h` as mix(h XOR mix(word + golden)).
    @inline(__always)
    public static func absorb(_ h: UInt64, _ word: UInt64) -> UInt64 {
        mix(h ^ mix(word &+ golden))
    }

    /// Uniform in the open interval (0, 1) from the top 53 bits: (bits >> 11 + 0.5) / 2^53.
    @inline(__always)
    public static func unitInterval(_ bits: UInt64) -> Double {
        (Double(bits >> 11) + 0.5) * 0x1p-53
    }

    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= SplitMix64.golden
        return SplitMix64.mix(state)
    }

    /// Uniform in the open interval (0, 1).
    public mutating func nextUniform() -> Double { SplitMix64.unitInterval(next()) }

    /// Standard normal by Box-Muller: sqrt(-2 log u1) cos(2 pi u2).
    public mutating func nextNormal() -> Double {
        let u1 = SplitMix64.unitInterval(next()), u2 = SplitMix64.unitInterval(next())
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }
}

extension SplitMix64 {
    /// An independent stream keyed by (seed, stream, index): the state is the SplitMix64 hash chain of the
    /// three, so streams for different cells or purposes can be drawn in any order, on any rank.
    public init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        var g = SplitMix64(seed: seed)
        var h = SplitMix64(seed: g.next() ^ stream)
        var k = SplitMix64(seed: h.next() ^ index)
        self.init(seed: k.next())
    }
}
