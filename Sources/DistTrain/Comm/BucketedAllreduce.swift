/// Sums a flat Float buffer (all gradients in one buffer) over the ranks in consecutive buckets.
///
/// Buckets are `[0, b)`, `[b, 2b)`, … of `bucketElements` floats, reduced in that fixed order, each with one
/// in-place allreduce. Small buckets are faster than one large allreduce on this hardware (docs/distributed.md,
/// "One training step": ≤ 4 MB in place). Bucketing does not change any element's result: element i is still
/// the sum over ranks of x_r[i], added in the communicator's order (rank order for `LocalCommunicator`; for
/// `MPICommunicator` an order fixed by world size and bucket size, so the same bits on every rank and every
/// run; `comm-check` verifies the every-rank part).
///
/// 1-rank vs N-rank: with rank r's local gradient g_r (a sum over its samples), the N-rank gradient is
/// Σ_r g_r while a 1-rank run sums the same samples in one pass. The two agree to float rounding (relative
/// error of order N·2⁻²⁴ per element), not bit for bit: tests comparing world sizes need a tolerance.
public struct BucketedAllreduce: Sendable {
    /// 4 MB of floats.
    public static let defaultBucketBytes = 4 << 20

    /// Floats per bucket (the last bucket may be shorter).
    public let bucketElements: Int

    public init(bucketBytes: Int = BucketedAllreduce.defaultBucketBytes) {
        bucketElements = max(1, bucketBytes / MemoryLayout<Float>.stride)
    }

    /// Replaces `buffer` on every rank by the element-wise sum over all ranks (same count on every rank).
    public func sum(_ buffer: UnsafeMutableBufferPointer<Float>, over comm: some Communicator) throws {
        var start = 0
        while start < buffer.count {
            let end = min(start + bucketElements, buffer.count)
            try comm.allreduce(UnsafeMutableBufferPointer(rebasing: buffer[start..<end]), .sum)
            start = end
        }
    }

    public func sum(_ buffer: inout [Float], over comm: some Communicator) throws {
        try buffer.withUnsafeMutableBufferPointer { try sum($0, over: comm) }
    }
}
