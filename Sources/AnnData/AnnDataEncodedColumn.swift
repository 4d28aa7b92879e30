import Core
import HDF5

/// Decoding of anndata's column encodings: plain arrays, `string-array`, `categorical`,
/// `nullable-integer`, `nullable-boolean` and `nullable-string-array`.
enum AnnDataEncodedColumn {
    /// A column stored as a plain dataset, which must hold `length` values (any number when nil). The shape is
    /// checked before anything is read, so a damaged shape costs nothing.
    public static func read(_ dataset: HDF5Dataset, length: Int?) throws -> AnnDataColumn {
        guard dataset.shape.count == 1 else {
            throw AdaPertError("\(dataset.fileName): column '\(dataset.path)' has shape \(dataset.shape), expected 1-D; "
                + "the file is not a valid anndata dataframe (re-save it with anndata >= 0.8)")
        }
        if let length, dataset.rows != length {
            throw AdaPertError("\(dataset.fileName): '\(dataset.path)' has \(dataset.rows) values but the matrix has "
                + "\(length) rows along it; the file is inconsistent (re-create it)")
        }
        switch dataset.elementType {
        case .string: return .strings(try dataset.readStrings())
        case .enumeration: return .bools(try dataset.read(as: Int8.self).map { $0 != 0 })
        case .integer, .float: return .numbers(try dataset.read(as: Double.self))
        case .other(let kind):
            throw AdaPertError("\(dataset.fileName): column '\(dataset.path)' holds \(kind) values, which anndata "
                + "dataframes do not use; re-save the file with anndata >= 0.8")
        }
    }

    /// A column stored as an encoded group, whose per-row arrays must hold `length` values.
    public static func read(_ group: HDF5Group, frame: String, length: Int) throws -> AnnDataColumn {
        let encoding = group.hasAttribute("encoding-type") ? try group.stringAttribute("encoding-type") : "(none)"
        switch encoding {
        case "categorical":
            return try categorical(group, length: length)
        case "nullable-integer", "nullable-boolean", "nullable-string-array":
            return try nullable(group, length: length)
        default:
            throw AdaPertError("\(group.fileName): \(frame) column '\(group.path)' has encoding '\(encoding)', which "
                + "AdaPert does not read; store it as a categorical, string, number or bool column")
        }
    }

    private static func categorical(_ group: HDF5Group, length: Int) throws -> AnnDataColumn {
        let categoriesData = try group.dataset("categories")
        let categories: [String]
        if categoriesData.elementType.isString {
            categories = try categoriesData.readStrings()
        } else {
            categories = try read(categoriesData, length: nil).stringValues().map { $0 ?? "" }
        }
        let codesData = try group.dataset("codes")
        guard case .integer = codesData.elementType, codesData.shape == [length] else {
            throw AdaPertError("\(group.fileName): '\(codesData.path)' must be a 1-D integer array, found "
                + "\(codesData.elementType.name) of shape \(codesData.shape) for \(length) rows; re-create the file")
        }
        let codes = try codesData.read(as: Int64.self)
        let n = Int64(categories.count)
        if let bad = codes.firstIndex(where: { $0 < -1 || $0 >= n }) {
            throw AdaPertError("\(group.fileName): category code \(codes[bad]) at row \(bad) of '\(codesData.path)' is "
                + "outside [-1, \(n)) (\(n) categories); the file is damaged (re-create it)")
        }
        return .categorical(codes: codes.map { Int32($0) }, categories: categories)
    }

    /// `values` + `mask` (true = missing).
    private static func nullable(_ group: HDF5Group, length: Int) throws -> AnnDataColumn {
        let values = try read(try group.dataset("values"), length: length)
        let maskData = try group.dataset("mask")
        guard maskData.shape == [length] else {
            throw AdaPertError("\(group.fileName): '\(group.path)' has \(length) values but mask shape "
                + "\(maskData.shape); the file is damaged (re-create it)")
        }
        let mask = try maskData.read(as: Int8.self).map { $0 != 0 }
        switch values {
        case .strings(let strings):
            return .strings(zip(strings, mask).map { $1 ? nil : $0 })
        case .numbers(let numbers):
            return .numbers(zip(numbers, mask).map { $1 ? .nan : $0 })
        case .bools(let bools):
            return .numbers(zip(bools, mask).map { $1 ? .nan : ($0 ? 1 : 0) })
        case .categorical:
            return values
        }
    }
}
