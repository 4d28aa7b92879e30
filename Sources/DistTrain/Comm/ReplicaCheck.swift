import Core
import HDF5
import Model

/// Rank 0's initial parameters on every rank, proven identical by a checksum that all ranks compare.
extension Communicator {
    /// Broadcasts `buffer` from rank 0 and then `verifyIdentical`: throws if any rank's copy differs.
    public func broadcastAndVerify(_ buffer: inout [Float], what: String = "initial parameters") throws {
        try broadcast(&buffer, root: 0)
        try verifyIdentical(buffer, what: what)
    }

    /// Throws on every rank (the same error) unless all ranks hold the same bytes in `buffer`.
    ///
    /// Each rank computes `c = fnv1a64(bytes)` and the ranks allreduce MAX over `[c, ~c]`; the bytes agree
    /// (up to a 2⁻⁶⁴ collision) exactly when max(c) == min(c), i.e. when max(c) == ~max(~c).
    public func verifyIdentical<T: BitwiseCopyable>(_ buffer: [T], what: String) throws {
        let checksum = buffer.withUnsafeBytes(StableHash.fnv1a64)
        var extremes = [Int64(bitPattern: checksum), ~Int64(bitPattern: checksum)]
        try allreduceMax(&extremes)
        let (maxChecksum, minChecksum) = (UInt64(bitPattern: extremes[0]), UInt64(bitPattern: ~extremes[1]))
        guard maxChecksum == minChecksum else {
            throw AdaPertError("\(what) differ between ranks after the broadcast from rank 0 (FNV-1a checksums "
                + "range from \(hex(minChecksum)) to \(hex(maxChecksum)); this rank: \(hex(checksum))); "
                + "check that all ranks run the same adapert build, then run `mpirun -np 2 adapert comm-check`")
        }
    }

    private func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
