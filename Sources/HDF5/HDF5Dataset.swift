import CHDF5
import Core

/// An open HDF5 dataset. Reads convert any stored numeric type to the requested Swift type; a range reads
/// only the hyperslab of rows (first-dimension entries) `[a, b)`, all other dimensions whole.
public final class HDF5Dataset: HDF5Object {
    /// The current dimensions (empty for a scalar dataset).
    public private(set) var shape: [Int]
    public let elementType: HDF5ElementType
    private var filtersChecked = false

    init(id: hid_t, fileName: String, path: String) throws {
        var shape: [Int] = []
        var elementType = HDF5ElementType.other("unknown")
        let space = H5Dget_space(id)
        let type = H5Dget_type(id)
        defer {
            if space >= 0 { _ = H5Sclose(space) }
            if type >= 0 { _ = H5Tclose(type) }
        }
        let rank = space >= 0 ? H5Sget_simple_extent_ndims(space) : -1
        if rank >= 0, type >= 0 {
            var dims = [hsize_t](repeating: 0, count: Int(rank))
            if H5Sget_simple_extent_dims(space, &dims, nil) == rank, Self.elementCount(dims) != nil {
                shape = dims.map { Int($0) }
                elementType = HDF5ElementType(typeID: type)
            }
        }
        self.shape = shape
        self.elementType = elementType
        super.init(id: id, fileName: fileName, path: path, close: H5Dclose)
        guard rank >= 0, type >= 0, elementType != .other("unknown") else {
            throw failure("read the shape and type of dataset")
        }
    }

    /// The product of `dims`, or nil when it does not fit in an Int (a damaged file).
    private static func elementCount(_ dims: [hsize_t]) -> Int? {
        var total = 1
        for d in dims {
            guard d <= hsize_t(Int.max) else { return nil }
            let (product, overflow) = total.multipliedReportingOverflow(by: Int(d))
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// Total number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Number of first-dimension entries (1 for a scalar).
    public var rows: Int { shape.first ?? 1 }

    /// Elements per first-dimension entry.
    public var rowWidth: Int { shape.dropFirst().reduce(1, *) }

    // MARK: reading

    /// Reads all values (row-major), converted to `T`.
    public func read<T: HDF5Scalar>(as type: T.Type = T.self) throws -> [T] {
        try readNumeric(rows: nil, as: type)
    }

    /// Reads rows `[range.lowerBound, range.upperBound)` (row-major), converted to `T`.
    public func read<T: HDF5Scalar>(rows range: Range<Int>, as type: T.Type = T.self) throws -> [T] {
        try readNumeric(rows: range, as: type)
    }

    /// Reads a string array (variable- or fixed-length), whole or the rows in `range`.
    public func readStrings(rows range: Range<Int>? = nil) throws -> [String] {
        guard elementType.isString else {
            throw AdaPertError("\(fileName): dataset '\(path)' holds \(elementType.name) values, not strings")
        }
        return try reading(values: range?.count ?? count) { try readStringSelection(range) }
    }

    private func readStringSelection(_ range: Range<Int>?) throws -> [String] {
        try requireReadableFilters()
        try requireStoredStrings()
        let selection = try select(range)
        let type = try fileType()
        return try HDF5StringCodec.read(count: selection.count, fileType: type.id, space: selection.memory.id,
                                        error: { failure("read strings from dataset") }) { memoryType, buffer in
            H5Dread(id, memoryType, selection.memory.id, selection.file.id, hid_t(H5P_DEFAULT), buffer)
        }
    }

    private func readNumeric<T: HDF5Scalar>(rows range: Range<Int>?, as _: T.Type) throws -> [T] {
        guard elementType.isNumeric else {
            throw AdaPertError("\(fileName): dataset '\(path)' holds \(elementType.name) values, not numbers")
        }
        return try reading(values: (range?.count ?? rows) * rowWidth) { try readNumericSelection(range, as: T.self) }
    }

    private func readNumericSelection<T: HDF5Scalar>(_ range: Range<Int>?, as _: T.Type) throws -> [T] {
        try requireReadableFilters()
        let selection = try select(range)
        let type = try fileType()
        return try HDF5NumericCodec.read(count: selection.count, fileType: type.id, as: T.self,
                                         error: { failure("read dataset") }) { memoryType, buffer in
            H5Dread(id, memoryType, selection.memory.id, selection.file.id, hid_t(H5P_DEFAULT), buffer)
        }
    }

    private func fileType() throws -> HDF5Handle {
        try HDF5Handle(H5Dget_type(id), close: H5Tclose, failure: failure("read the type of dataset"))
    }

    /// Memory and file dataspaces selecting `rows` (all when nil), checked against the shape.
    private func select(_ range: Range<Int>?) throws -> (memory: HDF5Handle, file: HDF5Handle, count: Int) {
        let file = try HDF5Handle(H5Dget_space(id), close: H5Sclose, failure: failure("read the dataspace of dataset"))
        guard let range else {
            try HDF5Library.checkAllocation(count: count, bytes: 8, "\(fileName): dataset '\(path)'")
            let memory = try HDF5Handle(H5Scopy(file.id), close: H5Sclose, failure: failure("read dataset"))
            return (memory, file, count)
        }
        guard !shape.isEmpty, range.lowerBound >= 0, range.upperBound <= shape[0] else {
            throw AdaPertError("\(fileName): rows \(range.lowerBound)..<\(range.upperBound) are outside dataset '\(path)' "
                + "of shape \(shape); the file's sizes are inconsistent (re-create it)")
        }
        var start = [hsize_t](repeating: 0, count: shape.count)
        var counts = shape.map { hsize_t($0) }
        start[0] = hsize_t(range.lowerBound)
        counts[0] = hsize_t(range.count)
        let n = range.count * rowWidth
        try HDF5Library.checkAllocation(count: n, bytes: 8, "\(fileName): dataset '\(path)'")
        let memory = try HDF5Handle(H5Screate_simple(1, [hsize_t(max(n, 1))], nil), close: H5Sclose,
                                    failure: failure("read dataset"))
        if n > 0 {
            try check(H5Sselect_hyperslab(file.id, H5S_SELECT_SET, start, nil, counts, nil), failure("select rows of dataset"))
        }
        return (memory, file, n)
    }

    /// Refuses a variable-length string dataset whose shape claims more strings than its stored bytes can hold:
    /// each string is a distinct 16-byte global-heap reference, which no filter packs into less than a bit, so a
    /// larger claim is a damaged shape (that would otherwise make libhdf5 produce billions of empty strings).
    private func requireStoredStrings() throws {
        guard elementType == .string(variableLength: true) else { return }
        let storedBytes = H5Dget_storage_size(id)
        guard UInt64(count) <= 8 * storedBytes + 4096 else {
            throw AdaPertError("\(fileName): dataset '\(path)' claims \(count) strings but stores \(storedBytes) bytes; "
                + "its shape is damaged (re-create the file)")
        }
    }

    /// Refuses a dataset compressed with a filter this libhdf5 lacks (lzf, blosc, lz4, zstd plugins), naming it.
    private func requireReadableFilters() throws {
        guard !filtersChecked else { return }
        let plist = try HDF5Handle(H5Dget_create_plist(id), close: H5Pclose, failure: failure("read the filters of dataset"))
        let n = H5Pget_nfilters(plist.id)
        guard n >= 0 else { throw failure("read the filters of dataset") }
        for index in 0..<UInt32(n) {
            var flags: UInt32 = 0
            var nValues = 0
            var name = [CChar](repeating: 0, count: 64)
            var config: UInt32 = 0
            let filter = H5Pget_filter2(plist.id, index, &flags, &nValues, nil, name.count, &name, &config)
            guard filter >= 0 else { throw failure("read the filters of dataset") }
            if H5Zfilter_avail(filter) <= 0 {
                throw AdaPertError("\(fileName): dataset '\(path)' is compressed with \(HDF5Filters.name(of: filter)), "
                    + "which this libhdf5 cannot read; re-save it with gzip "
                    + "(e.g. adata.write_h5ad(path, compression='gzip'))")
            }
        }
        filtersChecked = true
    }

    // MARK: writing

    /// Overwrites rows starting at `row` with `values` (row-major; a whole number of rows).
    public func write<T: HDF5Scalar>(_ values: [T], atRow row: Int = 0) throws {
        try write(count: values.count, atRow: row, memoryType: T.hdf5MemoryType) { buffer in
            values.withUnsafeBytes { buffer($0.baseAddress!) }
        }
    }

    /// Overwrites string rows starting at `row`.
    public func write(strings: [String], atRow row: Int = 0) throws {
        let type = try HDF5StringCodec.variableUTF8()
        try write(count: strings.count, atRow: row, memoryType: type.id) { buffer in
            HDF5StringCodec.withCStrings(strings) { buffer($0) }
        }
    }

    /// Appends rows to a dataset created extendable (`HDF5Group.createExtendableDataset`).
    public func append<T: HDF5Scalar>(_ values: [T]) throws {
        let row = rows
        try extend(byElements: values.count)
        try write(values, atRow: row)
    }

    /// Appends strings to a string dataset created extendable.
    public func append(strings: [String]) throws {
        let row = rows
        try extend(byElements: strings.count)
        try write(strings: strings, atRow: row)
    }

    private func extend(byElements n: Int) throws {
        guard !shape.isEmpty, n % rowWidth == 0 else {
            throw AdaPertError("\(fileName): cannot append \(n) values to dataset '\(path)' of shape \(shape)")
        }
        var newShape = shape
        newShape[0] += n / rowWidth
        try check(H5Dset_extent(id, newShape.map { hsize_t($0) }), failure("extend dataset"))
        shape = newShape
    }

    private func write(count n: Int, atRow row: Int, memoryType: hid_t,
                       _ withBuffer: ((UnsafeRawPointer) -> herr_t) -> herr_t) throws {
        guard n > 0 else { return }
        guard n % rowWidth == 0, row >= 0, row + n / rowWidth <= rows, !shape.isEmpty || (row == 0 && n == 1) else {
            throw AdaPertError("\(fileName): cannot write \(n) values at row \(row) of dataset '\(path)' of shape \(shape)")
        }
        let file = try HDF5Handle(H5Dget_space(id), close: H5Sclose, failure: failure("write dataset"))
        let memory = try HDF5Handle(H5Screate_simple(1, [hsize_t(n)], nil), close: H5Sclose, failure: failure("write dataset"))
        if !shape.isEmpty {
            var start = [hsize_t](repeating: 0, count: shape.count)
            var counts = shape.map { hsize_t($0) }
            start[0] = hsize_t(row)
            counts[0] = hsize_t(n / rowWidth)
            try check(H5Sselect_hyperslab(file.id, H5S_SELECT_SET, start, nil, counts, nil), failure("write dataset"))
        }
        let status = withBuffer { H5Dwrite(id, memoryType, memory.id, file.id, hid_t(H5P_DEFAULT), $0) }
        try check(status, failure("write dataset"))
    }
}
