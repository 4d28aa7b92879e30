import Core
import Foundation
import Model

/// Threads as the ranks of one job inside one process: real collective semantics (every rank blocks until
/// all have arrived) for unit tests of distributed code without mpirun.
///
/// Reductions are deterministic: element i of an allreduce is `((x₀[i] ∘ x₁[i]) ∘ x₂[i]) ∘ …` in rank order,
/// the same bits whatever the thread timing. Start a job with `LocalCommunicator.run(size:_:)`.
public struct LocalCommunicator: Communicator {
    public let rank: Int
    public var size: Int { rendezvous.size }
    private let rendezvous: LocalRendezvous

    /// Runs `body` on `size` threads, one per rank, and returns the results in rank order. If a rank throws,
    /// ranks waiting in a collective throw too, and this rethrows the lowest failing rank's error.
    public static func run<R: Sendable>(size: Int, _ body: @escaping @Sendable (LocalCommunicator) throws -> R)
        throws -> [R]
    {
        precondition(size >= 1, "a job has at least one rank")
        if size > 1 { BLASThreads.runInCallingThread() }  // thread-ranks call BLAS concurrently
        let rendezvous = LocalRendezvous(size: size)
        let outcomes = OutcomeSlots<R>(count: size)
        let finished = DispatchGroup()
        for rank in 0..<size {
            finished.enter()
            let thread = Thread {
                let communicator = LocalCommunicator(rank: rank, rendezvous: rendezvous)
                let outcome = Result { try body(communicator) }
                if case .failure(let error) = outcome { rendezvous.depart(rank: rank, error: error) }
                else { rendezvous.depart(rank: rank, error: nil) }
                outcomes.set(rank, outcome)
                finished.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        finished.wait()
        return try outcomes.all().map { try $0.get() }
    }

    /// A one-rank job on the calling thread: every collective returns this rank's own values at once. For
    /// running a command in a test process without starting MPI there.
    public static func oneRank() -> LocalCommunicator {
        LocalCommunicator(rank: 0, rendezvous: LocalRendezvous(size: 1))
    }

    private init(rank: Int, rendezvous: LocalRendezvous) {
        self.rank = rank
        self.rendezvous = rendezvous
    }

    public func barrier() throws {
        try rendezvous.barrier()
    }

    public func allreduce<T: ReducibleScalar>(_ buffer: UnsafeMutableBufferPointer<T>, _ op: ReduceOp) throws {
        let posting = LocalRendezvous.Posting(bytes: UnsafeRawBufferPointer(buffer))
        let reduced: [T] = try rendezvous.exchange(rank: rank, posting) { postings in
            try requireEqualByteCounts(postings, collective: "allreduce")
            let first = postings[0].bytes.assumingMemoryBound(to: T.self)
            var result = Array(first)
            for other in postings.dropFirst().map({ $0.bytes.assumingMemoryBound(to: T.self) }) {
                for i in result.indices {
                    result[i] = switch op {
                    case .sum: result[i] + other[i]
                    case .max: Swift.max(result[i], other[i])
                    case .min: Swift.min(result[i], other[i])
                    }
                }
            }
            return result
        }
        _ = buffer.update(fromContentsOf: reduced)
    }

    public func broadcast(_ bytes: UnsafeMutableRawBufferPointer, root: Int) throws {
        let posting = LocalRendezvous.Posting(bytes: UnsafeRawBufferPointer(bytes))
        try rendezvous.exchange(rank: rank, posting) { postings in
            try requireEqualByteCounts(postings, collective: "broadcast")
            if rank != root { bytes.copyMemory(from: postings[root].bytes) }
        }
    }

    public func allgatherv(_ send: UnsafeRawBufferPointer, into recv: UnsafeMutableRawBufferPointer,
                           byteCounts: [Int]) throws {
        try rendezvous.exchange(rank: rank, .init(bytes: send)) { postings in
            try concatenate(postings, byteCounts: byteCounts, into: recv)
        }
    }

    public func gatherv(_ send: UnsafeRawBufferPointer, into recv: UnsafeMutableRawBufferPointer,
                        byteCounts: [Int], root: Int) throws {
        try rendezvous.exchange(rank: rank, .init(bytes: send)) { postings in
            if rank == root { try concatenate(postings, byteCounts: byteCounts, into: recv) }
        }
    }

    public func alltoallv(_ send: UnsafeRawBufferPointer, sendByteCounts: [Int],
                          into recv: UnsafeMutableRawBufferPointer, recvByteCounts: [Int]) throws {
        let posting = LocalRendezvous.Posting(bytes: send, blockByteCounts: sendByteCounts)
        try rendezvous.exchange(rank: rank, posting) { postings in
            var offset = 0
            for (source, posting) in postings.enumerated() {
                let start = posting.blockByteCounts[..<rank].reduce(0, +)
                let count = posting.blockByteCounts[rank]
                guard count == recvByteCounts[source] else {
                    throw AdaPertError("alltoallv: rank \(source) sends \(count) bytes to rank \(rank), "
                        + "which expects \(recvByteCounts[source])")
                }
                UnsafeMutableRawBufferPointer(rebasing: recv[offset..<offset + count])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: posting.bytes[start..<start + count]))
                offset += count
            }
        }
    }

    /// Ends the whole process, and so every thread-rank, as MPI_Abort ends every rank.
    public func abort(code: Int32) -> Never {
        exit(code)
    }

    private func requireEqualByteCounts(_ postings: [LocalRendezvous.Posting], collective: String) throws {
        for (other, posting) in postings.enumerated() where posting.bytes.count != postings[0].bytes.count {
            throw AdaPertError("\(collective): rank \(other) passed \(posting.bytes.count) bytes, "
                + "rank 0 passed \(postings[0].bytes.count); every rank must pass the same count")
        }
    }

    private func concatenate(_ postings: [LocalRendezvous.Posting], byteCounts: [Int],
                             into recv: UnsafeMutableRawBufferPointer) throws {
        var offset = 0
        for (source, posting) in postings.enumerated() {
            guard posting.bytes.count == byteCounts[source] else {
                throw AdaPertError("gather: rank \(source) sent \(posting.bytes.count) bytes, "
                    + "rank \(rank) expects \(byteCounts[source])")
            }
            UnsafeMutableRawBufferPointer(rebasing: recv[offset..<offset + posting.bytes.count])
                .copyMemory(from: posting.bytes)
            offset += posting.bytes.count
        }
    }
}

/// Per-rank results of a `LocalCommunicator.run`, written by the rank threads.
private final class OutcomeSlots<R: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [Result<R, any Error>?]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func set(_ rank: Int, _ outcome: Result<R, any Error>) {
        lock.withLock { outcomes[rank] = outcome }
    }

    func all() -> [Result<R, any Error>] {
        lock.withLock { outcomes.map { $0! } }
    }
}
