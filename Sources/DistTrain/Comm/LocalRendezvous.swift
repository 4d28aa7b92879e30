import Core
import Foundation

/// The meeting point of the thread-ranks of one `LocalCommunicator` job: a reusable barrier and one posting
/// slot per rank through which a collective reads the other ranks' buffers without copying them first.
///
/// A collective is `exchange`: post, barrier, read every posting, barrier. The second barrier keeps each
/// posted buffer alive and unchanged until every rank has read it. When a rank's body throws or returns,
/// ranks waiting in (or later entering) a barrier throw instead of waiting forever, as MPI_Abort would end them.
final class LocalRendezvous: @unchecked Sendable {
    /// What one rank contributes to a collective: its send bytes and, for alltoallv, its per-destination counts.
    struct Posting {
        var bytes: UnsafeRawBufferPointer
        var blockByteCounts: [Int] = []
    }

    let size: Int
    private let condition = NSCondition()
    private var arrived = 0
    private var generation = 0
    private var failure: String?
    private var postings: [Posting?]

    init(size: Int) {
        self.size = size
        postings = [Posting?](repeating: nil, count: size)
    }

    /// Posts `posting` for `rank`, waits for all ranks, runs `read` on every rank's posting (rank order), and
    /// waits again so no posted buffer changes while another rank still reads it.
    func exchange<R>(rank: Int, _ posting: Posting, _ read: ([Posting]) throws -> R) throws -> R {
        condition.lock()
        postings[rank] = posting
        condition.unlock()
        try barrier()
        condition.lock()
        let all = postings.map { $0! }
        condition.unlock()
        let result = try read(all)
        try barrier()
        return result
    }

    /// Returns when all `size` ranks have called it (a generation-counting barrier).
    func barrier() throws {
        condition.lock()
        defer { condition.unlock() }
        if let failure { throw AdaPertError(failure) }
        let myGeneration = generation
        arrived += 1
        if arrived == size {
            arrived = 0
            generation += 1
            condition.broadcast()
            return
        }
        while generation == myGeneration {
            if let failure { throw AdaPertError(failure) }
            condition.wait()
        }
    }

    /// Records that `rank`'s body has ended (with `error`, or normally): from now on barriers throw.
    func depart(rank: Int, error: (any Error)?) {
        condition.lock()
        if failure == nil {
            failure = error.map { "local rank \(rank) failed: \($0)" }
                ?? "local rank \(rank) returned while other ranks wait in a collective"
        }
        condition.broadcast()
        condition.unlock()
    }
}
