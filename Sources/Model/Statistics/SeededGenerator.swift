import RealModule

/// SplitMix64 (Steele, Lea, Flood 2014): a small, fast, seedable generator for reproducible set-up work
/// (start vectors of eigensolvers, the simulator). Same seed, same stream, on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func nextUniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Standard normal by Box–Muller (one of the pair; simple and exact enough for set-up work).
    public mutating func nextNormal() -> Double {
        let u1 = 1 - nextUniform(), u2 = nextUniform()
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * Double.pi * u2)
    }
}

extension SeededGenerator {
    /// An independent stream keyed by (seed, stream, index): the state is the SplitMix64 hash chain of the
    /// three, so streams for different cells or purposes can be drawn in any order, on any rank.
    public init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        var g = SeededGenerator(seed: seed)
        let a = g.next() ^ stream
        var h = SeededGenerator(seed: a)
        let b = h.next() ^ index
        var k = SeededGenerator(seed: b)
        self.init(seed: k.next())
    }
}
