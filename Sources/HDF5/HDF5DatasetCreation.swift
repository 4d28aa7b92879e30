import CHDF5
import Core

/// Storage options of a new dataset. Chunked storage is needed for gzip and for extendable datasets.
public struct HDF5Storage: Sendable {
    /// Rows (first-dimension entries) per chunk; nil for contiguous storage.
    public var chunkRows: Int?
    /// gzip level 1-9 (requires chunking); nil for none.
    public var gzipLevel: Int?

    public init(chunkRows: Int? = nil, gzipLevel: Int? = nil) {
        self.chunkRows = chunkRows
        self.gzipLevel = gzipLevel
    }

    public static let contiguous = HDF5Storage()
    /// Chunks of 64 Ki rows, gzip level 4: a good default for large 1-D arrays.
    public static let compressed = HDF5Storage(chunkRows: 1 << 16, gzipLevel: 4)
}

extension HDF5Group {
    /// Writes `values` as a new numeric dataset of `shape` (default: 1-D of values.count).
    @discardableResult
    public func createDataset<T: HDF5Scalar>(_ name: String, values: [T], shape: [Int]? = nil,
                                             storage: HDF5Storage = .contiguous) throws -> HDF5Dataset {
        let shape = shape ?? [values.count]
        guard shape.reduce(1, *) == values.count else {
            throw AdaPertError("\(fileName): cannot write \(values.count) values as dataset '\(childPath(name))' of shape \(shape)")
        }
        let dataset = try makeDataset(name, type: T.hdf5MemoryType, shape: shape, extendable: false, storage: storage)
        try dataset.write(values)
        return dataset
    }

    /// Creates an empty 1-D (or rows x rowWidth) dataset whose first dimension grows with `append`.
    @discardableResult
    public func createExtendableDataset<T: HDF5Scalar>(_ name: String, of _: T.Type, rowWidth: Int? = nil,
                                                       storage: HDF5Storage = .compressed) throws -> HDF5Dataset {
        let shape = rowWidth.map { [0, $0] } ?? [0]
        var storage = storage
        storage.chunkRows = storage.chunkRows ?? 1 << 16
        return try makeDataset(name, type: T.hdf5MemoryType, shape: shape, extendable: true, storage: storage)
    }

    /// Writes a 1-D array of variable-length UTF-8 strings (anndata's string arrays).
    @discardableResult
    public func createStringDataset(_ name: String, values: [String], storage: HDF5Storage = .contiguous) throws -> HDF5Dataset {
        let type = try HDF5StringCodec.variableUTF8()
        let dataset = try makeDataset(name, type: type.id, shape: [values.count], extendable: false, storage: storage)
        try dataset.write(strings: values)
        return dataset
    }

    /// Creates an empty 1-D string dataset that grows with `append(strings:)`.
    @discardableResult
    public func createExtendableStringDataset(_ name: String, storage: HDF5Storage = .compressed) throws -> HDF5Dataset {
        let type = try HDF5StringCodec.variableUTF8()
        var storage = storage
        storage.chunkRows = storage.chunkRows ?? 1 << 14
        return try makeDataset(name, type: type.id, shape: [0], extendable: true, storage: storage)
    }

    /// Writes one variable-length UTF-8 string as a scalar dataset.
    @discardableResult
    public func createScalarString(_ name: String, value: String) throws -> HDF5Dataset {
        let type = try HDF5StringCodec.variableUTF8()
        let dataset = try makeDataset(name, type: type.id, shape: [], extendable: false, storage: .contiguous)
        try dataset.write(strings: [value])
        return dataset
    }

    /// Writes booleans as h5py does (int8 enumeration {FALSE, TRUE}).
    @discardableResult
    public func createBoolDataset(_ name: String, values: [Bool], storage: HDF5Storage = .contiguous) throws -> HDF5Dataset {
        let type = try HDF5NumericCodec.boolType()
        let dataset = try makeDataset(name, type: type.id, shape: [values.count], extendable: false, storage: storage)
        try dataset.writeRaw(values.map { Int8($0 ? 1 : 0) }, memoryType: type.id)
        return dataset
    }

    private func makeDataset(_ name: String, type: hid_t, shape: [Int], extendable: Bool,
                             storage: HDF5Storage) throws -> HDF5Dataset {
        let dims = shape.map { hsize_t($0) }
        var maxDims = dims
        if extendable { maxDims[0] = adapert_H5S_UNLIMITED() }
        let space = try HDF5Handle(shape.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(shape.count), dims, maxDims),
                                   close: H5Sclose, failure: failure("create the dataspace of", name))
        let plist = try HDF5Handle(H5Pcreate(adapert_H5P_DATASET_CREATE()), close: H5Pclose,
                                   failure: failure("create dataset", name))
        if let chunkRows = storage.chunkRows, !shape.isEmpty, extendable || shape[0] > 0 {
            var chunk = dims.map { max($0, 1) }
            chunk[0] = hsize_t(max(1, extendable ? chunkRows : min(chunkRows, shape[0])))
            try check(H5Pset_chunk(plist.id, Int32(chunk.count), chunk), failure("set the chunking of", name))
            if let level = storage.gzipLevel {
                try check(H5Pset_deflate(plist.id, UInt32(level)), failure("set gzip compression of", name))
            }
        }
        let did = H5Dcreate2(id, name, type, space.id, hid_t(H5P_DEFAULT), plist.id, hid_t(H5P_DEFAULT))
        guard did >= 0 else { throw failure("create dataset", name) }
        return try HDF5Dataset(id: did, fileName: fileName, path: childPath(name))
    }
}

extension HDF5Dataset {
    /// Writes `values` whole with an explicit memory type (e.g. the bool enumeration).
    func writeRaw<T>(_ values: [T], memoryType: hid_t) throws {
        guard !values.isEmpty else { return }
        let status = values.withUnsafeBytes {
            H5Dwrite(id, memoryType, hid_t(H5S_ALL), hid_t(H5S_ALL), hid_t(H5P_DEFAULT), $0.baseAddress!)
        }
        try check(status, failure("write dataset"))
    }
}
