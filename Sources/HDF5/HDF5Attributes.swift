import CHDF5
import Core

/// Attributes of files, groups and datasets (anndata keeps its encoding metadata in them).
extension HDF5Object {
    public func hasAttribute(_ name: String) -> Bool {
        reading { H5Aexists(id, name) > 0 }
    }

    /// A string attribute, scalar or a one-element array.
    public func stringAttribute(_ name: String) throws -> String {
        let values = try stringArrayAttribute(name)
        guard values.count == 1 else {
            throw AdaPertError("\(fileName): attribute '\(name)' of '\(path)' holds \(values.count) strings, expected one")
        }
        return values[0]
    }

    /// A string array attribute. An empty numeric array reads as no strings (anndata stores an empty
    /// `column-order` as an empty float array).
    public func stringArrayAttribute(_ name: String) throws -> [String] {
        try reading {
            let attribute = try openAttribute(name)
            let (type, space, count) = try typeAndSpace(attribute, name)
            if count == 0 { return [] }
            return try HDF5StringCodec.read(count: count, fileType: type.id, space: space.id,
                                            error: { attributeError(name, "strings") }) { memoryType, buffer in
                H5Aread(attribute.id, memoryType, buffer)
            }
        }
    }

    /// A numeric attribute (scalar or array), converted to `T`.
    public func numericAttribute<T: HDF5Scalar>(_ name: String, as _: T.Type = T.self) throws -> [T] {
        try reading {
            let attribute = try openAttribute(name)
            let (type, _, count) = try typeAndSpace(attribute, name)
            return try HDF5NumericCodec.read(count: count, fileType: type.id, as: T.self,
                                             error: { attributeError(name, "numbers") }) { memoryType, buffer in
                H5Aread(attribute.id, memoryType, buffer)
            }
        }
    }

    /// Sets a scalar variable-length UTF-8 string attribute (replacing any existing one).
    public func setAttribute(_ name: String, string: String) throws {
        let type = try HDF5StringCodec.variableUTF8()
        try writeAttribute(name, type: type.id, shape: nil) { pointer in
            HDF5StringCodec.withCStrings([string]) { H5Awrite(pointer, type.id, $0) }
        }
    }

    /// Sets a 1-D string array attribute; an empty array is stored as an empty float64 array, as anndata does.
    public func setAttribute(_ name: String, strings: [String]) throws {
        if strings.isEmpty { return try setAttribute(name, values: [Double]()) }
        let type = try HDF5StringCodec.variableUTF8()
        try writeAttribute(name, type: type.id, shape: [strings.count]) { pointer in
            HDF5StringCodec.withCStrings(strings) { H5Awrite(pointer, type.id, $0) }
        }
    }

    /// Sets a 1-D numeric array attribute.
    public func setAttribute<T: HDF5Scalar>(_ name: String, values: [T]) throws {
        try writeAttribute(name, type: T.hdf5MemoryType, shape: [values.count]) { pointer in
            values.isEmpty ? 0 : values.withUnsafeBytes { H5Awrite(pointer, T.hdf5MemoryType, $0.baseAddress!) }
        }
    }

    /// Sets a scalar numeric attribute.
    public func setAttribute<T: HDF5Scalar>(_ name: String, scalar: T) throws {
        try writeAttribute(name, type: T.hdf5MemoryType, shape: nil) { pointer in
            withUnsafeBytes(of: scalar) { H5Awrite(pointer, T.hdf5MemoryType, $0.baseAddress!) }
        }
    }

    /// Sets a scalar boolean attribute as h5py stores numpy bools (anndata's categorical `ordered`).
    public func setAttribute(_ name: String, bool: Bool) throws {
        let type = try HDF5NumericCodec.boolType()
        var value: Int8 = bool ? 1 : 0
        try writeAttribute(name, type: type.id, shape: nil) { H5Awrite($0, type.id, &value) }
    }

    private func writeAttribute(_ name: String, type: hid_t, shape: [Int]?, _ write: (hid_t) -> herr_t) throws {
        if hasAttribute(name) {
            try check(H5Adelete(id, name), attributeError(name, "a replaceable value"))
        }
        let space = try HDF5Handle(shape.map { H5Screate_simple(1, [hsize_t($0[0])], nil) } ?? H5Screate(H5S_SCALAR),
                                   close: H5Sclose, failure: attributeError(name, "a writable value"))
        let attribute = try HDF5Handle(H5Acreate2(id, name, type, space.id, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT)),
                                       close: H5Aclose, failure: attributeError(name, "a writable value"))
        try check(write(attribute.id), attributeError(name, "a writable value"))
    }

    private func openAttribute(_ name: String) throws -> HDF5Handle {
        guard hasAttribute(name) else {
            throw AdaPertError("\(fileName): attribute '\(name)' of '\(path)' not found")
        }
        return try HDF5Handle(H5Aopen(id, name, hid_t(H5P_DEFAULT)), close: H5Aclose,
                              failure: attributeError(name, "a readable value"))
    }

    private func typeAndSpace(_ attribute: HDF5Handle, _ name: String) throws -> (HDF5Handle, HDF5Handle, Int) {
        let type = try HDF5Handle(H5Aget_type(attribute.id), close: H5Tclose, failure: attributeError(name, "a type"))
        let space = try HDF5Handle(H5Aget_space(attribute.id), close: H5Sclose, failure: attributeError(name, "a shape"))
        let count = H5Sget_simple_extent_npoints(space.id)
        guard count >= 0 else { throw attributeError(name, "a shape") }
        try HDF5Library.checkAllocation(count: Int(count), bytes: max(H5Tget_size(type.id), 8), "\(fileName): attribute '\(name)' of '\(path)'")
        return (type, space, Int(count))
    }

    private func attributeError(_ name: String, _ expected: String) -> AdaPertError {
        AdaPertError("\(fileName): attribute '\(name)' of '\(path)' does not hold \(expected); "
            + "the file may be damaged (re-create it)")
    }
}
