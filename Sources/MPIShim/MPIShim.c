#include "MPIShim.h"
#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static MPI_Op op_of(mpishim_op op) {
    switch (op) {
    case MPISHIM_OP_MAX: return MPI_MAX;
    case MPISHIM_OP_MIN: return MPI_MIN;
    default: return MPI_SUM;
    }
}

static void finalize_at_exit(void) { mpishim_finalize(); }

int mpishim_init(void) {
    if (mpishim_initialized()) return MPI_SUCCESS;
    int provided = 0;
    int rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    if (rc != MPI_SUCCESS) return rc;
    rc = MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    if (rc != MPI_SUCCESS) return rc;
    atexit(finalize_at_exit);
    return MPI_SUCCESS;
}

int mpishim_finalize(void) {
    if (!mpishim_initialized() || mpishim_finalized()) return MPI_SUCCESS;
    return MPI_Finalize();
}

int mpishim_initialized(void) {
    int flag = 0;
    MPI_Initialized(&flag);
    return flag;
}

int mpishim_finalized(void) {
    int flag = 0;
    MPI_Finalized(&flag);
    return flag;
}

int mpishim_rank(int *rank) { return MPI_Comm_rank(MPI_COMM_WORLD, rank); }
int mpishim_size(int *size) { return MPI_Comm_size(MPI_COMM_WORLD, size); }
int mpishim_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

/// In-place allreduce in chunks of at most INT_MAX elements (MPI counts are int).
static int allreduce_chunked(char *buffer, int64_t count, MPI_Datatype type, size_t element_size, mpishim_op op) {
    for (int64_t done = 0; done < count;) {
        int64_t left = count - done;
        int chunk = left > INT_MAX ? INT_MAX : (int)left;
        int rc = MPI_Allreduce(MPI_IN_PLACE, buffer + done * (int64_t)element_size, chunk, type, op_of(op),
                               MPI_COMM_WORLD);
        if (rc != MPI_SUCCESS) return rc;
        done += chunk;
    }
    return MPI_SUCCESS;
}

int mpishim_allreduce_float(float *buffer, int64_t count, mpishim_op op) {
    return allreduce_chunked((char *)buffer, count, MPI_FLOAT, sizeof(float), op);
}

int mpishim_allreduce_double(double *buffer, int64_t count, mpishim_op op) {
    return allreduce_chunked((char *)buffer, count, MPI_DOUBLE, sizeof(double), op);
}

int mpishim_allreduce_int64(int64_t *buffer, int64_t count, mpishim_op op) {
    return allreduce_chunked((char *)buffer, count, MPI_INT64_T, sizeof(int64_t), op);
}

int mpishim_broadcast_bytes(void *buffer, int64_t count, int root) {
    char *bytes = buffer;
    for (int64_t done = 0; done < count;) {
        int64_t left = count - done;
        int chunk = left > INT_MAX ? INT_MAX : (int)left;
        int rc = MPI_Bcast(bytes + done, chunk, MPI_BYTE, root, MPI_COMM_WORLD);
        if (rc != MPI_SUCCESS) return rc;
        done += chunk;
    }
    return MPI_SUCCESS;
}

/// Copies `n` int64 counts or displacements into MPI's int array; MPISHIM_ERR_COUNT if one does not fit.
static int narrow(const int64_t *wide, int *narrow_out, int n) {
    for (int i = 0; i < n; i++) {
        if (wide[i] < 0 || wide[i] > INT_MAX) return MPISHIM_ERR_COUNT;
        narrow_out[i] = (int)wide[i];
    }
    return MPI_SUCCESS;
}

/// Allocates `arrays` int arrays of world-size length; NULL on failure.
static int *world_int_arrays(int arrays) {
    int size = 0;
    if (MPI_Comm_size(MPI_COMM_WORLD, &size) != MPI_SUCCESS) return NULL;
    return malloc(sizeof(int) * (size_t)size * (size_t)arrays);
}

int mpishim_allgatherv_bytes(const void *send, int64_t send_count,
                             void *recv, const int64_t *counts, const int64_t *displs) {
    int size = 0, rc = mpishim_size(&size);
    if (rc != MPI_SUCCESS) return rc;
    if (send_count < 0 || send_count > INT_MAX) return MPISHIM_ERR_COUNT;
    int *ints = world_int_arrays(2);
    if (!ints) return MPI_ERR_NO_MEM;
    rc = narrow(counts, ints, size);
    if (rc == MPI_SUCCESS) rc = narrow(displs, ints + size, size);
    if (rc == MPI_SUCCESS)
        rc = MPI_Allgatherv(send, (int)send_count, MPI_BYTE, recv, ints, ints + size, MPI_BYTE, MPI_COMM_WORLD);
    free(ints);
    return rc;
}

int mpishim_gatherv_bytes(const void *send, int64_t send_count,
                          void *recv, const int64_t *counts, const int64_t *displs, int root) {
    int size = 0, rank = 0, rc = mpishim_size(&size);
    if (rc == MPI_SUCCESS) rc = mpishim_rank(&rank);
    if (rc != MPI_SUCCESS) return rc;
    if (send_count < 0 || send_count > INT_MAX) return MPISHIM_ERR_COUNT;
    int *ints = world_int_arrays(2);
    if (!ints) return MPI_ERR_NO_MEM;
    rc = MPI_SUCCESS;
    if (rank == root) {
        rc = narrow(counts, ints, size);
        if (rc == MPI_SUCCESS) rc = narrow(displs, ints + size, size);
    }
    if (rc == MPI_SUCCESS)
        rc = MPI_Gatherv(send, (int)send_count, MPI_BYTE, recv, ints, ints + size, MPI_BYTE, root, MPI_COMM_WORLD);
    free(ints);
    return rc;
}

int mpishim_alltoallv_bytes(const void *send, const int64_t *send_counts, const int64_t *send_displs,
                            void *recv, const int64_t *recv_counts, const int64_t *recv_displs) {
    int size = 0, rc = mpishim_size(&size);
    if (rc != MPI_SUCCESS) return rc;
    int *ints = world_int_arrays(4);
    if (!ints) return MPI_ERR_NO_MEM;
    rc = narrow(send_counts, ints, size);
    if (rc == MPI_SUCCESS) rc = narrow(send_displs, ints + size, size);
    if (rc == MPI_SUCCESS) rc = narrow(recv_counts, ints + 2 * size, size);
    if (rc == MPI_SUCCESS) rc = narrow(recv_displs, ints + 3 * size, size);
    if (rc == MPI_SUCCESS)
        rc = MPI_Alltoallv(send, ints, ints + size, MPI_BYTE, recv, ints + 2 * size, ints + 3 * size, MPI_BYTE,
                           MPI_COMM_WORLD);
    free(ints);
    return rc;
}

void mpishim_abort(int code) {
    int size = 1;
    if (mpishim_initialized() && !mpishim_finalized()) MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size > 1) MPI_Abort(MPI_COMM_WORLD, code);
    exit(code);  /* runs finalize_at_exit */
}

int mpishim_processor_name(char *buffer, int capacity) {
    char name[MPI_MAX_PROCESSOR_NAME];
    int length = 0;
    int rc = MPI_Get_processor_name(name, &length);
    if (rc != MPI_SUCCESS) return rc;
    snprintf(buffer, (size_t)capacity, "%.*s", length, name);
    return MPI_SUCCESS;
}

void mpishim_error_string(int code, char *buffer, int capacity) {
    if (capacity <= 0) return;
    if (code == MPISHIM_ERR_COUNT) {
        snprintf(buffer, (size_t)capacity, "a per-rank count exceeds MPI's limit of %d elements", INT_MAX);
        return;
    }
    char message[MPI_MAX_ERROR_STRING];
    int length = 0;
    if (MPI_Error_string(code, message, &length) != MPI_SUCCESS) {
        snprintf(buffer, (size_t)capacity, "MPI error code %d", code);
        return;
    }
    snprintf(buffer, (size_t)capacity, "%.*s (MPI error code %d)", length, message, code);
}
