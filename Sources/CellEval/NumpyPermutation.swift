/// `numpy.random.default_rng(seed)` (numpy 2.x: SeedSequence -> PCG64) and its `permutation` of an int64 array,
/// reproduced so that the data ceiling splits cells exactly as cell-eval 0.8.2 does
/// (`rng.permutation(indices)` per group, one generator for all groups in turn).
struct NumpyGenerator {
    private var high: UInt64
    private var low: UInt64
    private let incHigh: UInt64
    private let incLow: UInt64
    private var bufferedUInt32: UInt32?

    private static let multiplierHigh: UInt64 = 2_549_297_995_355_413_924
    private static let multiplierLow: UInt64 = 4_865_540_595_714_422_341

    /// default_rng(seed): SeedSequence(seed).generate_state(4, uint64) -> PCG64 seed (words 0, 1) and stream
    /// (words 2, 3), high word first; pcg_setseq_128_srandom_r.
    init(seed: UInt64) {
        let words = SeedSequence(entropy: seed).generateState64(count: 4)
        incHigh = (words[2] << 1) | (words[3] >> 63)
        incLow = (words[3] << 1) | 1
        high = 0
        low = 0
        step()
        let (sum, carry) = low.addingReportingOverflow(words[1])
        low = sum
        high = high &+ words[0] &+ (carry ? 1 : 0)
        step()
    }

    /// The state as one 128-bit number split (high, low) and the increment, for tests against numpy.
    var stateWords: (high: UInt64, low: UInt64, incHigh: UInt64, incLow: UInt64) { (high, low, incHigh, incLow) }

    /// state = state * M + inc (mod 2^128).
    private mutating func step() {
        let lowProduct = low.multipliedFullWidth(by: Self.multiplierLow)
        var newHigh = lowProduct.high &+ low &* Self.multiplierHigh &+ high &* Self.multiplierLow
        let (newLow, carry) = lowProduct.low.addingReportingOverflow(incLow)
        newHigh = newHigh &+ incHigh &+ (carry ? 1 : 0)
        high = newHigh
        low = newLow
    }

    /// PCG64 XSL-RR output of the stepped state.
    mutating func next64() -> UInt64 {
        step()
        let rotation = UInt64(high >> 58)
        let value = high ^ low
        return (value >> rotation) | (value << ((64 &- rotation) & 63))
    }

    /// pcg64_next32: the low half of a 64-bit draw, the high half kept for the next call.
    mutating func next32() -> UInt32 {
        if let buffered = bufferedUInt32 {
            bufferedUInt32 = nil
            return buffered
        }
        let value = next64()
        bufferedUInt32 = UInt32(truncatingIfNeeded: value >> 32)
        return UInt32(truncatingIfNeeded: value)
    }

    /// random_interval(max): masked rejection sampling in 0...max (32-bit draws, as max < 2^32 here).
    mutating func interval(_ max: UInt32) -> UInt32 {
        if max == 0 { return 0 }
        var mask = max
        for shift in [1, 2, 4, 8, 16] as [UInt32] { mask |= mask >> shift }
        while true {
            let value = next32() & mask
            if value <= max { return value }
        }
    }

    /// Generator.permutation of an array: for i from n-1 down to 1, swap x[i] with x[j], j = interval(i)
    /// (checked against numpy 2.4.6).
    mutating func permutation(_ values: [Int]) -> [Int] {
        var x = values
        var i = x.count - 1
        while i >= 1 {
            let j = Int(interval(UInt32(i)))
            x.swapAt(i, j)
            i -= 1
        }
        return x
    }
}

/// numpy's SeedSequence (pool of four 32-bit words, hashmix/mix of Melissa O'Neill's seed_seq_fe).
private struct SeedSequence {
    private static let initA: UInt32 = 0x43B0_D7E5, multA: UInt32 = 0x931E_8875
    private static let initB: UInt32 = 0x8B51_F9DD, multB: UInt32 = 0x58F3_8DED
    private static let mixMultL: UInt32 = 0xCA01_F9DD, mixMultR: UInt32 = 0x4973_F715
    private var pool = [UInt32](repeating: 0, count: 4)

    init(entropy: UInt64) {
        var words = [UInt32]()
        var n = entropy
        repeat { words.append(UInt32(truncatingIfNeeded: n)); n >>= 32 } while n > 0
        var hashConst = Self.initA
        func hashmix(_ v: UInt32) -> UInt32 {
            var value = v ^ hashConst
            hashConst = hashConst &* Self.multA
            value = value &* hashConst
            return value ^ (value >> 16)
        }
        func mix(_ x: UInt32, _ y: UInt32) -> UInt32 {
            let r = Self.mixMultL &* x &- Self.mixMultR &* y
            return r ^ (r >> 16)
        }
        for i in 0..<4 { pool[i] = hashmix(i < words.count ? words[i] : 0) }
        for source in 0..<4 {
            for destination in 0..<4 where source != destination {
                pool[destination] = mix(pool[destination], hashmix(pool[source]))
            }
        }
        for source in 4..<max(4, words.count) {
            for destination in 0..<4 { pool[destination] = mix(pool[destination], hashmix(words[source])) }
        }
    }

    /// generate_state(count, uint64): 2 count 32-bit words, little-endian pairs.
    func generateState64(count: Int) -> [UInt64] {
        var hashConst = Self.initB
        var words = [UInt32]()
        for i in 0..<(2 * count) {
            var value = pool[i % 4] ^ hashConst
            hashConst = hashConst &* Self.multB
            value = value &* hashConst
            words.append(value ^ (value >> 16))
        }
        return (0..<count).map { UInt64(words[2 * $0]) | (UInt64(words[2 * $0 + 1]) << 32) }
    }
}
