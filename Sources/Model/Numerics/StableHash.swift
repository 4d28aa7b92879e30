/// Deterministic 64-bit hashing (FNV-1a, then a SplitMix64 finaliser) for values that must be identical on
/// every rank, run and platform: split orders, checksums, data fingerprints. Swift's `Hasher` is seeded
/// per process, so it cannot serve here.
public struct StableHash: Sendable {
    public private(set) var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            state = (state ^ UInt64(byte)) &* 0x100_0000_01b3
        }
    }

    public mutating func combine(_ text: String) {
        var copy = text
        copy.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
        combine(UInt64(0xff))  // separator, so ("ab", "c") and ("a", "bc") differ
    }

    public mutating func combine<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { combine(bytes: $0) }
    }

    public mutating func combine(_ values: [Float]) {
        values.withUnsafeBytes { combine(bytes: $0) }
    }

    /// The mixed 64-bit digest.
    public var value: UInt64 { SplitMix64.mix(state &+ SplitMix64.golden) }

    /// The hex digest, as written into checkpoints and logs.
    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// 64-bit FNV-1a of raw bytes (the unmixed state): h₀ = 0xcbf29ce484222325,
    /// h ← (h XOR byte) · 0x100000001b3 (mod 2⁶⁴) for every byte in order.
    public static func fnv1a64(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash = StableHash()
        hash.combine(bytes: bytes)
        return hash.state
    }
}
