import CHDF5

/// A Swift numeric type with a native HDF5 memory type. libhdf5 converts any stored integer or float
/// type to it on read (out-of-range values are clipped to the type's limits).
public protocol HDF5Scalar: Numeric, Sendable {
    static var hdf5MemoryType: hid_t { get }
    /// The value of a stored integer (enumerations such as h5py's bool are read as their integer base).
    init(hdf5Integer value: Int64)
}

extension Int8: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_INT8() }
    public init(hdf5Integer value: Int64) { self.init(clamping: value) }
}
extension Int16: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_INT16() }
    public init(hdf5Integer value: Int64) { self.init(clamping: value) }
}
extension Int32: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_INT32() }
    public init(hdf5Integer value: Int64) { self.init(clamping: value) }
}
extension Int64: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_INT64() }
    public init(hdf5Integer value: Int64) { self = value }
}
extension Int: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_INT64() }
    public init(hdf5Integer value: Int64) { self.init(value) }
}
extension UInt8: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_UINT8() }
    public init(hdf5Integer value: Int64) { self.init(clamping: value) }
}
extension UInt16: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_UINT16() }
    public init(hdf5Integer value: Int64) { self.init(clamping: value) }
}
extension UInt32: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_UINT32() }
    public init(hdf5Integer value: Int64) { self.init(clamping: value) }
}
extension UInt64: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_UINT64() }
    public init(hdf5Integer value: Int64) { self.init(clamping: value) }
}
extension Float: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_FLOAT() }
    public init(hdf5Integer value: Int64) { self.init(value) }
}
extension Double: HDF5Scalar {
    public static var hdf5MemoryType: hid_t { adapert_H5T_NATIVE_DOUBLE() }
    public init(hdf5Integer value: Int64) { self.init(value) }
}
