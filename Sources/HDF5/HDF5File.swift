import CHDF5
import Core
import Foundation

/// An open HDF5 file; as a group it is the root group `/`.
public final class HDF5File: HDF5Group {
    public enum Mode: Sendable { case readOnly, readWrite }

    /// Opens an existing file. A missing file, a non-HDF5 file and an unreadable one are distinct errors.
    public static func open(_ fileName: String, mode: Mode = .readOnly) throws -> HDF5File {
        HDF5Library.prepare()
        guard FileManager.default.isReadableFile(atPath: fileName) else {
            throw AdaPertError("\(fileName): file not found or not readable; check the path")
        }
        guard HDF5Library.reading(fileName, "/", { H5Fis_hdf5(fileName) }) > 0 else {
            throw AdaPertError("\(fileName): not an HDF5 file (an .h5ad or .h5 file was expected); "
                + "check the path, or re-create the file if it was damaged")
        }
        let flags = mode == .readOnly ? adapert_H5F_ACC_RDONLY() : adapert_H5F_ACC_RDWR()
        let id = HDF5Library.reading(fileName, "/") { H5Fopen(fileName, flags, hid_t(H5P_DEFAULT)) }
        guard id >= 0 else {
            throw AdaPertError("\(fileName): libhdf5 cannot open this file (damaged, or locked by another "
                + "process writing it); re-create it or wait for the writer to finish")
        }
        return HDF5File(id: id, fileName: fileName, path: "/", close: H5Fclose)
    }

    /// Creates a new file, replacing any existing one.
    public static func create(_ fileName: String) throws -> HDF5File {
        HDF5Library.prepare()
        let id = H5Fcreate(fileName, adapert_H5F_ACC_TRUNC(), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
        guard id >= 0 else {
            throw AdaPertError("\(fileName): cannot create this HDF5 file; check that its folder exists and is writable")
        }
        return HDF5File(id: id, fileName: fileName, path: "/", close: H5Fclose)
    }

    /// Writes buffered data to disk.
    public func flush() throws {
        try check(H5Fflush(id, H5F_SCOPE_LOCAL), AdaPertError("\(fileName): cannot flush the file to disk; check free space"))
    }
}
