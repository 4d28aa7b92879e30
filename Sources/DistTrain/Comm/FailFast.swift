import Foundation

/// Which ranks meet a fatal error.
public enum FailureScope: Sendable {
    /// Only this rank knows (a local file, a local NaN): it prints, tagged with its rank, and aborts all.
    case thisRank
    /// Every rank meets the same error at the same point (a collective check, a shared config): only rank 0
    /// prints it; the others wait for rank 0's abort (bounded, so nothing hangs if rank 0 is gone).
    case allRanks
}

extension Communicator {
    /// The way a command ends on a fatal error in a distributed job: print the message once, then end every
    /// rank with `abort(code: 1)`, never leaving one waiting in a collective.
    public func failFast(_ error: any Error, scope: FailureScope = .thisRank) -> Never {
        reportFatal(error, rank: rank, size: size, scope: scope)
        abort(code: 1)
    }
}

/// How long non-root ranks wait for rank 0's abort after an all-ranks error before aborting themselves.
private let secondsToAwaitRootAbort: UInt32 = 10

/// Prints a fatal error once (see `FailureScope`); a non-root rank of an all-ranks error waits instead.
private func reportFatal(_ error: any Error, rank: Int, size: Int, scope: FailureScope) {
    if size == 1 || (scope == .allRanks && rank == 0) {
        printToStandardError("Error: \(error)")
    } else if scope == .thisRank {
        printToStandardError("Error (rank \(rank) of \(size)): \(error)")
    } else {
        sleep(secondsToAwaitRootAbort)
    }
}

/// Writes `line` to stderr unbuffered, so it is out before an abort ends the process.
public func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
