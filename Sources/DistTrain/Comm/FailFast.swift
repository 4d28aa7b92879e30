import Foundation

extension Communicator {
    /// The way a command ends on a fatal error in a distributed job: print the message once, then end every
    /// rank with `abort(code: 1)`, never leaving one waiting in a collective.
    ///
    /// Most errors (a config value, a data file, a collective check) meet every rank at the same point, and R
    /// copies of one message help nobody. So rank 0 prints `Error: ...` and aborts at once, while another rank
    /// first waits up to 10 s for rank 0's abort to end it: if rank 0 met the error too, that is the only
    /// line. A rank still alive after the wait met an error of its own (a local file, a local NaN): it prints
    /// `Error (rank r of R): ...` and aborts the job itself.
    public func failFast(_ error: any Error) -> Never {
        if size == 1 || rank == 0 {
            printToStandardError("Error: \(error)")
        } else if !rootAbortArrives(within: secondsToAwaitRootAbort) {
            printToStandardError("Error (rank \(rank) of \(size)): \(error)")
        }
        abort(code: 1)
    }
}

/// How long a non-root rank waits for rank 0's abort before it prints its own error and aborts the job.
private let secondsToAwaitRootAbort = 10

/// Waits up to `seconds` for the end of the job: true when a termination signal arrived meanwhile (mpirun
/// SIGTERMs every rank when one aborts; `StopSignal` records it instead of ending the process).
private func rootAbortArrives(within seconds: Int) -> Bool {
    let before = StopSignal.receivedLocally
    for _ in 0..<(seconds * 20) {
        if StopSignal.receivedLocally != before { return true }
        usleep(50_000)
    }
    return false
}

/// Writes `line` to stderr unbuffered, so it is out before an abort ends the process.
public func printToStandardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
