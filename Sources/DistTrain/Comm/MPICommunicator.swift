import Core
import HDF5
import MPIShim

/// The world communicator of an MPI job (Open MPI). A process started without `mpirun` is a 1-rank job.
///
/// MPI runs with MPI_THREAD_FUNNELED: only the thread that created the communicator (the main thread in
/// `adapert`) may call its collectives. MPI_Finalize runs at process exit. Errors come back as
/// `AdaPertError`s naming the call and the rank (the world communicator uses MPI_ERRORS_RETURN).
///
/// Summation order: Open MPI's tuned allreduce picks its algorithm from the world size and the message size
/// only, so for a fixed world size and fixed buckets (`BucketedAllreduce`) the float sums are the same bits run
/// after run and on every rank; they are not the rank-order sums of `LocalCommunicator`, and results of
/// different world sizes agree to float rounding only.
public final class MPICommunicator: Communicator {
    public let rank: Int
    public let size: Int

    /// Initialises MPI on first use and returns the world communicator.
    public static func world() throws -> MPICommunicator {
        try check(mpishim_init(), "MPI_Init_thread", rank: nil)
        var rank: Int32 = 0
        var size: Int32 = 0
        try check(mpishim_rank(&rank), "MPI_Comm_rank", rank: nil)
        try check(mpishim_size(&size), "MPI_Comm_size", rank: Int(rank))
        return MPICommunicator(rank: Int(rank), size: Int(size))
    }

    private init(rank: Int, size: Int) {
        self.rank = rank
        self.size = size
    }

    /// The host this rank runs on (MPI_Get_processor_name).
    public func processorName() throws -> String {
        var name = [CChar](repeating: 0, count: 256)
        try check(mpishim_processor_name(&name, Int32(name.count)), "MPI_Get_processor_name")
        return String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func barrier() throws {
        try check(mpishim_barrier(), "MPI_Barrier")
    }

    public func allreduce<T: ReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>, _ op: ReduceOp) throws {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        let raw = UnsafeMutableRawPointer(base)
        let count = Int64(buffer.count)
        let mpiOp: mpishim_op = switch op {
        case .sum: MPISHIM_OP_SUM
        case .max: MPISHIM_OP_MAX
        case .min: MPISHIM_OP_MIN
        }
        let code = switch T.scalarKind {
        case .float: mpishim_allreduce_float(raw.assumingMemoryBound(to: Float.self), count, mpiOp)
        case .double: mpishim_allreduce_double(raw.assumingMemoryBound(to: Double.self), count, mpiOp)
        case .int64: mpishim_allreduce_int64(raw.assumingMemoryBound(to: Int64.self), count, mpiOp)
        }
        try check(code, "MPI_Allreduce")
    }

    public func broadcast(_ bytes: UnsafeMutableRawBufferPointer, root: Int) throws {
        try check(mpishim_broadcast_bytes(bytes.baseAddress, Int64(bytes.count), Int32(root)), "MPI_Bcast")
    }

    public func allgatherv(_ send: UnsafeRawBufferPointer, into recv: UnsafeMutableRawBufferPointer,
                           byteCounts: [Int]) throws {
        let (counts, displs) = Self.countsAndDisplacements(byteCounts)
        try check(mpishim_allgatherv_bytes(send.baseAddress, Int64(send.count), recv.baseAddress, counts, displs),
                  "MPI_Allgatherv")
    }

    public func gatherv(_ send: UnsafeRawBufferPointer, into recv: UnsafeMutableRawBufferPointer,
                        byteCounts: [Int], root: Int) throws {
        let (counts, displs) = Self.countsAndDisplacements(rank == root ? byteCounts : [Int](repeating: 0, count: size))
        try check(mpishim_gatherv_bytes(send.baseAddress, Int64(send.count), recv.baseAddress, counts, displs,
                                        Int32(root)), "MPI_Gatherv")
    }

    public func alltoallv(_ send: UnsafeRawBufferPointer, sendByteCounts: [Int],
                          into recv: UnsafeMutableRawBufferPointer, recvByteCounts: [Int]) throws {
        let (sendCounts, sendDispls) = Self.countsAndDisplacements(sendByteCounts)
        let (recvCounts, recvDispls) = Self.countsAndDisplacements(recvByteCounts)
        try check(mpishim_alltoallv_bytes(send.baseAddress, sendCounts, sendDispls,
                                          recv.baseAddress, recvCounts, recvDispls), "MPI_Alltoallv")
    }

    public func abort(code: Int32) -> Never {
        mpishim_abort(code)
    }

    /// Byte counts as int64 and their exclusive prefix sums (blocks laid out consecutively in rank order).
    private static func countsAndDisplacements(_ byteCounts: [Int]) -> ([Int64], [Int64]) {
        var displacements = [Int64]()
        displacements.reserveCapacity(byteCounts.count)
        var offset: Int64 = 0
        for count in byteCounts {
            displacements.append(offset)
            offset += Int64(count)
        }
        return (byteCounts.map(Int64.init), displacements)
    }

    private func check(_ code: Int32, _ call: String) throws {
        try Self.check(code, call, rank: rank)
    }

    private static func check(_ code: Int32, _ call: String, rank: Int?) throws {
        guard code != 0 else { return }
        var message = [CChar](repeating: 0, count: 512)
        mpishim_error_string(code, &message, Int32(message.count))
        let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let whereText = rank.map { " on rank \($0)" } ?? ""
        throw AdaPertError("\(call) failed\(whereText): \(text); check the MPI installation with `mpirun -np 2 adapert comm-check`")
    }
}
