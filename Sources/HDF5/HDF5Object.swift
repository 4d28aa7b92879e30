import CHDF5
import Core
import Foundation

/// libhdf5 set-up: its own error printing is switched off (per thread, as this thread-safe libhdf5 keeps it)
/// before any call, so every failure reaches the user as one `AdaPertError` line, never libhdf5's stack dump.
public enum HDF5Library {
    /// Call before libhdf5 calls that do not go through an `HDF5Object` (which does this itself).
    @inline(__always)
    static func prepare() { adapert_silence_hdf5_errors_on_this_thread() }

    /// Refuses to allocate `count` elements of `bytes` each when that exceeds this machine's memory: a damaged
    /// file can claim absurd sizes, and an allocation failure would abort the process instead of reporting it.
    public static func checkAllocation(count: Int, bytes: Int, _ what: @autoclosure () -> String) throws {
        try MemoryBudget.require(count: count, bytesEach: bytes, for: "\(what()) (\(count) values)",
                                 fix: "the file is damaged (re-create it) or must be read in smaller parts")
    }
}

/// A temporary libhdf5 identifier (type, dataspace, property list) closed when released.
final class HDF5Handle {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    /// Takes ownership of `id`; throws `failure()` when libhdf5 returned a negative id.
    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t, failure: @autoclosure () -> AdaPertError) throws {
        guard id >= 0 else { throw failure() }
        self.id = id
        self.close = close
    }

    deinit { _ = close(id) }
}

/// An open named HDF5 object (file root, group, dataset). `fileName` and `path` name it in error messages.
public class HDF5Object {
    private let rawID: hid_t
    /// The libhdf5 identifier; every use first makes sure libhdf5 will not print on this thread.
    var id: hid_t {
        HDF5Library.prepare()
        return rawID
    }
    public let fileName: String
    /// The object's absolute path inside the file, e.g. `/X/indptr`.
    public let path: String
    private let close: (hid_t) -> herr_t

    init(id: hid_t, fileName: String, path: String, close: @escaping (hid_t) -> herr_t) {
        self.rawID = id
        self.fileName = fileName
        self.path = path
        self.close = close
    }

    deinit { _ = close(rawID) }

    /// The error for a libhdf5 call that failed on this object (or on `child` below it).
    func failure(_ action: String, _ child: String? = nil) -> AdaPertError {
        AdaPertError("\(fileName): cannot \(action) '\(childPath(child))'; the file may be damaged, truncated or "
            + "not written completely (re-create it, or check it with `adapert inspect`)")
    }

    /// The absolute path of `child` below this object (this object's own path when nil).
    func childPath(_ child: String?) -> String {
        guard let child else { return path }
        return path == "/" ? "/" + child : path + "/" + child
    }
}

/// Throws `error` when a libhdf5 status is negative.
@inline(__always)
func check(_ status: herr_t, _ error: @autoclosure () -> AdaPertError) throws {
    if status < 0 { throw error() }
}
