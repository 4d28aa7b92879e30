import Core
import DistTrain

extension Communicator {
    /// Commands that read a run and write one set of files (baseline, report, subgraph, truth-eval)
    /// run as one process: under `mpirun -np N` with N > 1 every rank would write the same files, so they end
    /// at once with one message (rank 0 prints it) instead.
    func requireOneProcess(_ command: String) {
        guard size > 1 else { return }
        failFast(AdaPertError("adapert \(command) runs as one process (\(size) ranks would all write the same files); "
            + "run it without mpirun, or with mpirun -np 1"))
    }
}
