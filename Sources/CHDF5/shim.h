#include <hdf5.h>

/* Swift cannot import HDF5's macro constants (they expand to library globals after H5open()):
   these helpers expose the ones the project uses. */

static inline hid_t adapert_H5T_NATIVE_INT8(void) { return H5T_NATIVE_INT8; }
static inline hid_t adapert_H5T_NATIVE_INT16(void) { return H5T_NATIVE_INT16; }
static inline hid_t adapert_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t adapert_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t adapert_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t adapert_H5T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t adapert_H5T_NATIVE_UINT32(void) { return H5T_NATIVE_UINT32; }
static inline hid_t adapert_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t adapert_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t adapert_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t adapert_H5T_C_S1(void) { return H5T_C_S1; }
static inline size_t adapert_H5T_VARIABLE(void) { return H5T_VARIABLE; }

static inline unsigned adapert_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned adapert_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned adapert_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }

static inline hid_t adapert_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t adapert_H5P_LINK_CREATE(void) { return H5P_LINK_CREATE; }
static inline hid_t adapert_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }

static inline hsize_t adapert_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }

/* Turns off libhdf5's printing of its error stack on the calling thread (this libhdf5 is thread-safe, and
   a thread-safe libhdf5 keeps the setting per thread); failures become the project's own errors. */
static inline void adapert_silence_hdf5_errors_on_this_thread(void) {
    static _Thread_local int silenced = 0;
    if (!silenced) {
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
        silenced = 1;
    }
}
