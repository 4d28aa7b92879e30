#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The number of the last stop signal this process received, 0 if none. Written only by the signal handler
/// (lock-free atomics are async-signal-safe), read by `StopSignal`.
private let receivedStopSignal = Atomic<Int32>(0)

/// Coordinated stop on SIGTERM (Slurm requeue/preemption, mpirun termination), SIGUSR1 (Slurm's
/// `--signal=B:USR1@N`, forwarded by mpirun to every rank) and SIGINT.
///
/// The handler only records the signal. After each training step the trainer calls `agreedSignal`, a MAX
/// allreduce of the ranks' recorded signal numbers, so all ranks see the same answer after the same step,
/// checkpoint together, and none is left waiting in a collective.
///
/// Grace period (measured, Open MPI 4.1.4): when mpirun gets SIGTERM or SIGINT it sends the ranks SIGTERM after
/// `odls_base_sigkill_timeout` seconds and SIGKILL the same time later: 1 s + 1 s by default. A Slurm requeue or
/// cancel also signals the ranks directly at once, so by default a rank has 2 s to finish its step and
/// checkpoint; `slurm/train.sbatch` raises the timeout (OMPI_MCA_odls_base_sigkill_timeout) to 12 s.
public enum StopSignal {
    public static let defaultSignals: [Int32] = [SIGTERM, SIGUSR1, SIGINT]

    /// Installs the recording handler for `signals` (idempotent; call after MPI is initialised so it replaces
    /// any handler the MPI library set). A second SIGINT ends the process at once (status 130), so Ctrl-C
    /// twice still works where no step boundary comes (data loading, a hung collective).
    public static func install(_ signals: [Int32] = defaultSignals) {
        for number in signals {
            signal(number) { received in
                let previous = receivedStopSignal.exchange(received, ordering: .relaxed)
                if previous == SIGINT && received == SIGINT { _exit(128 + SIGINT) }
            }
        }
    }

    /// The stop signal this process received (0 if none); other ranks may differ: use `agreedSignal`.
    public static var receivedLocally: Int32 {
        receivedStopSignal.load(ordering: .relaxed)
    }

    /// The largest signal number recorded on any rank (0 if none): a one-element MAX allreduce, so every
    /// rank gets the same answer.
    public static func agreedSignal(local: Int32, _ comm: some Communicator) throws -> Int32 {
        Int32(try comm.allreduce(Int64(local), .max))
    }
}
