/// A reduction applied element-wise across ranks.
public enum ReduceOp: Sendable {
    case sum, max, min
}

/// The element types the collectives reduce: the three MPI knows as MPI_FLOAT, MPI_DOUBLE and MPI_INT64_T.
public protocol ReducibleScalar: Numeric, Comparable, BitwiseCopyable, Sendable {
    static var scalarKind: ScalarKind { get }
}

/// Which MPI datatype a `ReducibleScalar` maps to.
public enum ScalarKind: Sendable {
    case float, double, int64
}

extension Float: ReducibleScalar { public static var scalarKind: ScalarKind { .float } }
extension Double: ReducibleScalar { public static var scalarKind: ScalarKind { .double } }
extension Int64: ReducibleScalar { public static var scalarKind: ScalarKind { .int64 } }

/// The ranks of one data-parallel job and the collectives they run together.
///
/// Every collective must be called by all ranks in the same order with matching arguments (as in MPI);
/// a rank that fails must not simply return, or the others wait forever: commands call `failFast`, which
/// aborts every rank. Implementations: `MPICommunicator` (the world of an `mpirun` job; without mpirun a
/// 1-rank job) and `LocalCommunicator` (threads as ranks in one process, for tests).
///
/// These are the raw-buffer primitives; typed array versions live in `Communicator+Arrays.swift`.
public protocol Communicator: Sendable {
    /// This rank, in `0..<size`.
    var rank: Int { get }
    /// The number of ranks.
    var size: Int { get }

    /// Returns once every rank has called it.
    func barrier() throws

    /// Replaces `buffer` on every rank by the element-wise reduction over all ranks' buffers (same count on all).
    func allreduce<T: ReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>, _ op: ReduceOp) throws

    /// Copies `root`'s bytes into `bytes` on every other rank (same count on all ranks).
    func broadcast(_ bytes: UnsafeMutableRawBufferPointer, root: Int) throws

    /// Rank r contributes `send` (`byteCounts[r]` bytes); every rank receives all contributions concatenated in
    /// rank order in `recv`, which holds `byteCounts.reduce(0, +)` bytes. `byteCounts` is the same on all ranks.
    func allgatherv(_ send: UnsafeRawBufferPointer, into recv: UnsafeMutableRawBufferPointer, byteCounts: [Int]) throws

    /// Like `allgatherv`, but only `root` receives; `recv` and `byteCounts` are read on the root only.
    func gatherv(_ send: UnsafeRawBufferPointer, into recv: UnsafeMutableRawBufferPointer, byteCounts: [Int],
                 root: Int) throws

    /// Personalised exchange: `send` holds consecutive blocks for ranks 0, 1, ... of `sendByteCounts[d]` bytes;
    /// `recv` receives consecutive blocks from ranks 0, 1, ... of `recvByteCounts[s]` bytes, where
    /// `recvByteCounts[s]` on rank r equals `sendByteCounts[r]` on rank s.
    func alltoallv(_ send: UnsafeRawBufferPointer, sendByteCounts: [Int],
                   into recv: UnsafeMutableRawBufferPointer, recvByteCounts: [Int]) throws

    /// Terminates every rank of the job with exit status `code` (MPI_Abort; a 1-rank job simply exits).
    /// Prints nothing itself: commands call `failFast`, which prints the error first.
    func abort(code: Int32) -> Never
}
