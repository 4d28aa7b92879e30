import CHDF5
import Core

/// What a dataset or attribute stores, as far as this project cares.
public enum HDF5ElementType: Equatable, Sendable {
    case integer(signed: Bool, bytes: Int)
    case float(bytes: Int)
    /// An enumeration over an integer base (h5py stores numpy bool as int8 enum {FALSE, TRUE}).
    case enumeration(signed: Bool, bytes: Int)
    case string(variableLength: Bool)
    case other(String)

    /// Describes the type `typeID` (a file or memory datatype).
    init(typeID: hid_t) {
        switch H5Tget_class(typeID) {
        case H5T_INTEGER:
            self = .integer(signed: H5Tget_sign(typeID) == H5T_SGN_2, bytes: H5Tget_size(typeID))
        case H5T_FLOAT:
            self = .float(bytes: H5Tget_size(typeID))
        case H5T_ENUM:
            let base = H5Tget_super(typeID)
            defer { if base >= 0 { _ = H5Tclose(base) } }
            guard base >= 0, H5Tget_class(base) == H5T_INTEGER else { self = .other("enumeration"); return }
            self = .enumeration(signed: H5Tget_sign(base) == H5T_SGN_2, bytes: H5Tget_size(base))
        case H5T_STRING:
            self = .string(variableLength: H5Tis_variable_str(typeID) > 0)
        case H5T_COMPOUND: self = .other("compound")
        case H5T_VLEN: self = .other("variable-length sequence")
        case H5T_ARRAY: self = .other("array")
        case H5T_OPAQUE: self = .other("opaque")
        case H5T_REFERENCE: self = .other("reference")
        case H5T_BITFIELD: self = .other("bitfield")
        default: self = .other("unknown")
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .integer, .float, .enumeration: return true
        default: return false
        }
    }

    public var isString: Bool {
        if case .string = self { return true }
        return false
    }

    /// A short name for messages, e.g. `int8`, `float32`, `string`.
    public var name: String {
        switch self {
        case .integer(let signed, let bytes): return (signed ? "int" : "uint") + String(bytes * 8)
        case .float(let bytes): return "float" + String(bytes * 8)
        case .enumeration: return "bool/enum"
        case .string(let variable): return variable ? "string" : "fixed-length string"
        case .other(let kind): return kind
        }
    }
}

/// Reading numbers of any stored numeric type into a requested Swift type, shared by datasets and attributes.
enum HDF5NumericCodec {
    /// Reads `count` values stored as `fileType` by calling `read(memoryType, buffer)`.
    /// Integers and floats convert inside libhdf5; enumerations (which libhdf5 cannot convert to plain
    /// numbers) are read as their raw integer base and converted here.
    public static func read<T: HDF5Scalar>(count: Int, fileType: hid_t, as _: T.Type,
                                    error: () -> AdaPertError,
                                    _ read: (hid_t, UnsafeMutableRawPointer) -> herr_t) throws -> [T] {
        guard count > 0 else { return [] }
        switch HDF5ElementType(typeID: fileType) {
        case .integer, .float:
            var status: herr_t = 0
            let values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                status = read(T.hdf5MemoryType, UnsafeMutableRawPointer(buffer.baseAddress!))
                initialized = count
            }
            if status < 0 { throw error() }
            return values
        case .enumeration(let signed, let bytes):
            let memoryType = try HDF5Handle(H5Tget_native_type(fileType, H5T_DIR_ASCEND), close: H5Tclose, failure: error())
            guard [1, 2, 4, 8].contains(bytes), H5Tget_size(memoryType.id) == bytes else { throw error() }
            var raw = [UInt8](repeating: 0, count: count * bytes)
            let status = raw.withUnsafeMutableBytes { read(memoryType.id, $0.baseAddress!) }
            if status < 0 { throw error() }
            return raw.withUnsafeBytes { bytesIn in
                (0..<count).map { i in T(hdf5Integer: integer(bytesIn, at: i * bytes, bytes: bytes, signed: signed)) }
            }
        default:
            throw error()
        }
    }

    /// The native-endian integer of `bytes` bytes at `offset`.
    private static func integer(_ raw: UnsafeRawBufferPointer, at offset: Int, bytes: Int, signed: Bool) -> Int64 {
        switch (bytes, signed) {
        case (1, true): return Int64(raw.loadUnaligned(fromByteOffset: offset, as: Int8.self))
        case (1, false): return Int64(raw.loadUnaligned(fromByteOffset: offset, as: UInt8.self))
        case (2, true): return Int64(raw.loadUnaligned(fromByteOffset: offset, as: Int16.self))
        case (2, false): return Int64(raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        case (4, true): return Int64(raw.loadUnaligned(fromByteOffset: offset, as: Int32.self))
        case (4, false): return Int64(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        case (_, true): return raw.loadUnaligned(fromByteOffset: offset, as: Int64.self)
        default: return Int64(clamping: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
    }

    /// h5py's boolean type: an int8 enumeration {FALSE = 0, TRUE = 1}, which anndata and numpy read as bool.
    static func boolType() throws -> HDF5Handle {
        let type = try HDF5Handle(H5Tenum_create(adapert_H5T_NATIVE_INT8()), close: H5Tclose,
                                  failure: AdaPertError("libhdf5 cannot create the bool type"))
        var no: Int8 = 0, yes: Int8 = 1
        guard H5Tenum_insert(type.id, "FALSE", &no) >= 0, H5Tenum_insert(type.id, "TRUE", &yes) >= 0 else {
            throw AdaPertError("libhdf5 cannot create the bool type")
        }
        return type
    }
}
