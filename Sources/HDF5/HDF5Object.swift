import CHDF5
import CSignalGuard
import Core
import Foundation

/// libhdf5 set-up: its own error printing is switched off (per thread, as this thread-safe libhdf5 keeps it)
/// before any call, so every failure reaches the user as one `AdaPertError` line, never libhdf5's stack dump.
public enum HDF5Library {
    /// Call before libhdf5 calls that do not go through an `HDF5Object` (which does this itself).
    @inline(__always)
    static func prepare() { adapert_silence_hdf5_errors_on_this_thread() }

    /// Runs `body`, libhdf5 calls that read `path` of `fileName` (about `values` of them), inside a signal guard.
    /// libhdf5 1.10 trusts some on-disk structures without checking them: a damaged global-heap reference
    /// behind a variable-length string makes it copy from a wild address or loop forever. Inside the guard a
    /// crash, or more CPU time than the read can need (20 s plus 50 ns per value, five times a gzip decode),
    /// ends the process with one error line naming the file and exit status 1, as every other damaged input
    /// ends, instead of a crash dump or a hang.
    static func reading<T>(_ fileName: String, _ path: String, values: Int = 0, _ body: () throws -> T) rethrows -> T {
        adapert_signal_guard_enter(fileName, path, 20 + 50e-9 * Double(values))
        defer { adapert_signal_guard_leave() }
        return try body()
    }

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

    /// Closing flushes libhdf5's caches, which on a damaged file can follow a wild heap reference too.
    deinit { HDF5Library.reading(fileName, path) { _ = close(rawID) } }

    /// Runs libhdf5 calls that read this object (or `child` below it) inside `HDF5Library.reading`'s guard.
    func reading<T>(_ child: String? = nil, values: Int = 0, _ body: () throws -> T) rethrows -> T {
        try HDF5Library.reading(fileName, childPath(child), values: values, body)
    }

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
