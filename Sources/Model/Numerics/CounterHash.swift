/// A counter-based random source: the value for a key (seed, stream, counter...) is a pure function of the key,
/// so a draw does not depend on which thread or rank makes it or in which order (SplitMix64's finaliser
/// applied to the key words folded in one by one).
public enum CounterHash {
    /// 64 well-mixed bits for the key words.
    public static func bits(_ words: UInt64...) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        for w in words { h = SplitMix64.absorb(h, w) }
        return h
    }

    /// A uniform index in 0..<n from 64 random bits (Lemire's multiply-high; bias < n / 2^64).
    public static func index(_ bits: UInt64, below n: Int) -> Int {
        Int(bits.multipliedFullWidth(by: UInt64(n)).high)
    }

    /// FNV-1a 64 of a string's UTF-8 bytes: a stable key for a label, the same in every process.
    public static func key(_ label: String) -> UInt64 {
        Array(label.utf8).withUnsafeBytes(StableHash.fnv1a64)
    }
}
