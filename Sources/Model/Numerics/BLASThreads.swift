import COpenBLAS

/// OpenBLAS's own thread pool. Debian's pthread OpenBLAS 0.3.21 can deadlock when several threads of one
/// process call threaded kernels at once (seen: two thread-ranks in `cblas_dsymm`, one spinning in
/// `exec_blas_async_wait`, the other blocked on its mutex). A process whose own threads call BLAS
/// concurrently must make OpenBLAS run each call in the calling thread. MPI ranks are separate processes
/// and are unaffected (mpirun binds each to a core, so OpenBLAS then runs one thread per rank).
public enum BLASThreads {
    /// Every BLAS call runs in its calling thread from now on, for the whole process.
    public static func runInCallingThread() {
        openblas_set_num_threads(1)
    }

    /// How many threads OpenBLAS runs a call on.
    public static var count: Int { Int(openblas_get_num_threads()) }
}
