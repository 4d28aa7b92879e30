import CHDF5
import Core
import Foundation

/// Reading and writing string arrays (variable-length UTF-8 as anndata writes them, or fixed-length as numpy
/// `S` arrays are stored), shared by datasets and attributes.
enum HDF5StringCodec {
    /// The variable-length UTF-8 string type.
    static func variableUTF8() throws -> HDF5Handle {
        let error = AdaPertError("libhdf5 cannot create the string type")
        let type = try HDF5Handle(H5Tcopy(adapert_H5T_C_S1()), close: H5Tclose, failure: error)
        try check(H5Tset_size(type.id, adapert_H5T_VARIABLE()), error)
        try check(H5Tset_cset(type.id, H5T_CSET_UTF8), error)
        return type
    }

    /// Reads `count` strings stored as `fileType` through `read(memoryType, buffer)`; `space` describes the
    /// memory selection (needed to free variable-length strings). Invalid UTF-8 is repaired, never fatal.
    public static func read(count: Int, fileType: hid_t, space: hid_t, error: () -> AdaPertError,
                     _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws -> [String] {
        guard count > 0 else { return [] }
        guard case .string(let variableLength) = HDF5ElementType(typeID: fileType) else { throw error() }
        if variableLength {
            let memoryType = try HDF5Handle(H5Tcopy(adapert_H5T_C_S1()), close: H5Tclose, failure: error())
            try check(H5Tset_size(memoryType.id, adapert_H5T_VARIABLE()), error())
            try check(H5Tset_cset(memoryType.id, H5Tget_cset(fileType)), error())
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = pointers.withUnsafeMutableBytes { read(memoryType.id, $0.baseAddress!) }
            defer {
                _ = pointers.withUnsafeMutableBytes {
                    H5Dvlen_reclaim(memoryType.id, space, hid_t(H5P_DEFAULT), $0.baseAddress!)
                }
            }
            if status < 0 { throw error() }
            return pointers.map { pointer in
                guard let pointer else { return "" }
                return String(decoding: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), as: UTF8.self)
            }
        }
        let size = H5Tget_size(fileType)
        guard size > 0 else { throw error() }
        if count.multipliedReportingOverflow(by: size).overflow { throw error() }
        let memoryType = try HDF5Handle(H5Tcopy(fileType), close: H5Tclose, failure: error())
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        var raw = [UInt8](repeating: 0, count: count * size)
        let status = raw.withUnsafeMutableBytes { read(memoryType.id, $0.baseAddress!) }
        if status < 0 { throw error() }
        return (0..<count).map { i in
            var field = raw[(i * size)..<((i + 1) * size)]
            if let end = field.firstIndex(of: 0) { field = field[..<end] }
            if spacePadded { while field.last == 0x20 { field = field.dropLast() } }
            return String(decoding: field, as: UTF8.self)
        }
    }

    /// Calls `body` with an array of C string pointers to `strings` (valid only inside `body`).
    static func withCStrings<R>(_ strings: [String], _ body: (UnsafeMutableRawPointer) throws -> R) rethrows -> R {
        var storage: [CChar] = []
        var offsets: [Int] = []
        offsets.reserveCapacity(strings.count)
        for string in strings {
            offsets.append(storage.count)
            storage.append(contentsOf: string.utf8CString.prefix { $0 != 0 })
            storage.append(0)
        }
        return try storage.withUnsafeMutableBufferPointer { chars in
            var pointers = offsets.map { chars.baseAddress! + $0 }
            return try pointers.withUnsafeMutableBytes { try body($0.baseAddress!) }
        }
    }
}
