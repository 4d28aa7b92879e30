/// Counter-based uniform numbers: the value for (seed, purpose, step, perturbation id, index) is a pure
/// function of those five integers, so 1 rank, N ranks and a resumed run draw the same noise.
///
/// h = mix(seed + golden); for each word w in (purpose, step, id, index): h = mix(h ^ mix(w + golden));
/// u = eps + (1 - 2 eps) * (h >> 11 + 0.5) / 2^53, so u lies in (eps, 1 - eps).
public struct CounterRandom: Sendable {
    /// What the numbers are for; each purpose draws an independent stream.
    public enum Purpose: UInt64, Sendable {
        case edgeGate = 1, responderGate = 2, effectGate = 3, cellSampling = 4
    }

    public let seed: UInt64
    public init(seed: UInt64) { self.seed = seed }

    @inline(__always)
    public func bits(_ purpose: Purpose, step: Int, id: Int, index: Int) -> UInt64 {
        var h = SplitMix64.mix(seed &+ SplitMix64.golden)
        h = SplitMix64.absorb(h, purpose.rawValue)
        h = SplitMix64.absorb(h, UInt64(bitPattern: Int64(step)))
        h = SplitMix64.absorb(h, UInt64(bitPattern: Int64(id)))
        return SplitMix64.absorb(h, UInt64(bitPattern: Int64(index)))
    }

    /// Uniform in (eps, 1 - eps).
    @inline(__always)
    public func uniform(_ purpose: Purpose, step: Int, id: Int, index: Int, eps: Double) -> Double {
        eps + (1 - 2 * eps) * SplitMix64.unitInterval(bits(purpose, step: step, id: id, index: index))
    }

    /// The numbers of one (purpose, step, id) for many indices: the hash of the first four words is
    /// taken once, so `stream.uniform(index:)` costs one absorb instead of five; identical values.
    public struct Stream: Sendable {
        let prefix: UInt64

        @inline(__always)
        public func bits(index: Int) -> UInt64 {
            SplitMix64.absorb(prefix, UInt64(bitPattern: Int64(index)))
        }

        @inline(__always)
        public func uniform(index: Int, eps: Double) -> Double {
            eps + (1 - 2 * eps) * SplitMix64.unitInterval(bits(index: index))
        }
    }

    public func stream(_ purpose: Purpose, step: Int, id: Int) -> Stream {
        var h = SplitMix64.mix(seed &+ SplitMix64.golden)
        h = SplitMix64.absorb(h, purpose.rawValue)
        h = SplitMix64.absorb(h, UInt64(bitPattern: Int64(step)))
        return Stream(prefix: SplitMix64.absorb(h, UInt64(bitPattern: Int64(id))))
    }
}
