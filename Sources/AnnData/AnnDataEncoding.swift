import HDF5

/// anndata's on-disk encoding attributes (the layout anndata 0.8 through 0.12 reads and writes).
enum AnnDataEncoding {
    static func mark(_ object: HDF5Object, _ type: String, _ version: String) throws {
        try object.setAttribute("encoding-type", string: type)
        try object.setAttribute("encoding-version", string: version)
    }

    static func markArray(_ object: HDF5Object) throws { try mark(object, "array", "0.2.0") }
    static func markStringArray(_ object: HDF5Object) throws { try mark(object, "string-array", "0.2.0") }

    /// Writes `values` as a complete categorical column: categories sorted (as pandas orders them) and codes
    /// in the narrowest signed integer pandas would use (int8 below 127 categories, then int16, int32).
    static func writeCategorical(_ parent: HDF5Group, _ name: String, codes: [Int32], categories: [String],
                                 storage: HDF5Storage) throws {
        let order = categories.indices.sorted { categories[$0] < categories[$1] }
        var remap = [Int32](repeating: 0, count: categories.count)
        for (newCode, oldCode) in order.enumerated() { remap[oldCode] = Int32(newCode) }
        let sortedCodes = codes.map { $0 < 0 ? $0 : remap[Int($0)] }
        let group = try parent.createGroup(name)
        try mark(group, "categorical", "0.2.0")
        try group.setAttribute("ordered", bool: false)
        try markStringArray(try group.createStringDataset("categories", values: order.map { categories[$0] }))
        let codesData: HDF5Dataset
        let storage = codes.isEmpty ? .contiguous : storage
        switch categories.count {
        case ..<127: codesData = try group.createDataset("codes", values: sortedCodes.map { Int8($0) }, storage: storage)
        case ..<32767: codesData = try group.createDataset("codes", values: sortedCodes.map { Int16($0) }, storage: storage)
        default: codesData = try group.createDataset("codes", values: sortedCodes, storage: storage)
        }
        try markArray(codesData)
    }

    /// Writes a complete column of `values` (var columns; strings as a string array).
    static func writeColumn(_ parent: HDF5Group, _ name: String, _ values: AnnDataValues, storage: HDF5Storage) throws {
        let storage = values.count == 0 ? .contiguous : storage
        switch values {
        case .strings(let v): try markStringArray(try parent.createStringDataset(name, values: v, storage: storage))
        case .bools(let v): try markArray(try parent.createBoolDataset(name, values: v, storage: storage))
        case .floats(let v): try markArray(try parent.createDataset(name, values: v, storage: storage))
        case .doubles(let v): try markArray(try parent.createDataset(name, values: v, storage: storage))
        case .ints(let v): try markArray(try parent.createDataset(name, values: v, storage: storage))
        }
    }
}
