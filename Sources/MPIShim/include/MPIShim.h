#pragma once
/// The only code that touches MPI. Swift cannot import MPI's macro handles (MPI_COMM_WORLD, MPI_FLOAT,
/// MPI_SUM, MPI_IN_PLACE, ...), so every call that needs one lives here as a thin, checked wrapper on the
/// world communicator. This header does not include <mpi.h>: Swift sees plain C types only.
///
/// Every `int`-returning wrapper returns 0 (MPI_SUCCESS) or an error code; `mpishim_error_string` turns
/// a code into a message. The world communicator uses MPI_ERRORS_RETURN, so MPI errors come back as codes
/// instead of aborting inside the library. Counts are int64: wrappers split transfers larger than MPI's
/// int count limit, or return MPISHIM_ERR_COUNT where they cannot (the per-rank counts of the v-variants).
#include <stdint.h>

/// An error code of this shim (not MPI's): a count does not fit MPI's `int`.
#define MPISHIM_ERR_COUNT (-1)

typedef enum {
    MPISHIM_OP_SUM = 0,
    MPISHIM_OP_MAX = 1,
    MPISHIM_OP_MIN = 2,
} mpishim_op;

/// MPI_Init_thread(MPI_THREAD_FUNNELED) unless MPI is already initialised; sets MPI_ERRORS_RETURN on the
/// world communicator and registers MPI_Finalize to run at exit(). Without mpirun this is a 1-rank job.
int mpishim_init(void);
/// MPI_Finalize if initialised and not yet finalised.
int mpishim_finalize(void);
/// 1 if MPI_Init has run, else 0.
int mpishim_initialized(void);
/// 1 if MPI_Finalize has run, else 0.
int mpishim_finalized(void);

int mpishim_rank(int *rank);
int mpishim_size(int *size);
int mpishim_barrier(void);

/// In-place allreduce of `count` elements on the world communicator.
int mpishim_allreduce_float(float *buffer, int64_t count, mpishim_op op);
int mpishim_allreduce_double(double *buffer, int64_t count, mpishim_op op);
int mpishim_allreduce_int64(int64_t *buffer, int64_t count, mpishim_op op);

/// Broadcast `count` bytes from `root` into `buffer` on every rank (same count on all ranks).
int mpishim_broadcast_bytes(void *buffer, int64_t count, int root);

/// Allgatherv of bytes: rank r contributes counts[r] bytes, placed at displs[r] in `recv` on every rank.
int mpishim_allgatherv_bytes(const void *send, int64_t send_count,
                             void *recv, const int64_t *counts, const int64_t *displs);

/// Gatherv of bytes to `root`; `recv`, `counts`, `displs` are read on the root only.
int mpishim_gatherv_bytes(const void *send, int64_t send_count,
                          void *recv, const int64_t *counts, const int64_t *displs, int root);

/// Alltoallv of bytes: rank r sends send_counts[d] bytes at send_displs[d] to rank d and receives
/// recv_counts[s] bytes from rank s at recv_displs[s].
int mpishim_alltoallv_bytes(const void *send, const int64_t *send_counts, const int64_t *send_displs,
                            void *recv, const int64_t *recv_counts, const int64_t *recv_displs);

/// Ends every rank of the job with status `code`: MPI_Abort(MPI_COMM_WORLD, code) when the job has several
/// ranks; a 1-rank job (or one where MPI is not running) finalises and exit(code)s instead, which spares a
/// single process Open MPI's multi-line MPI_ABORT banner.
void mpishim_abort(int code) __attribute__((noreturn));

/// The processor (host) name, NUL-terminated, truncated to `capacity` bytes.
int mpishim_processor_name(char *buffer, int capacity);

/// The message for an error code from this shim or from MPI (MPI_Error_string), NUL-terminated.
void mpishim_error_string(int code, char *buffer, int capacity);
