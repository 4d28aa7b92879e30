#include "MPIShim.h"
#include <mpi.h>
int mpishim_version(void) { return MPI_VERSION; }
