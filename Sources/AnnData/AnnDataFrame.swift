import Core
import HDF5

/// An obs or var dataframe of an .h5ad file (anndata >= 0.8 layout): a group with attribute `_index`
/// naming the index dataset, `column-order`, and one dataset or encoded group per column.
public final class AnnDataFrame {
    /// `obs` or `var`.
    public let name: String
    /// Rows the frame must have (nObs or nVars).
    public let length: Int
    /// Column names in anndata's `column-order`.
    public let columnNames: [String]
    private let group: HDF5Group
    private let indexName: String

    init(group: HDF5Group, name: String, length: Int) throws {
        self.group = group
        self.name = name
        self.length = length
        guard group.hasAttribute("_index") else {
            throw AdaPertError("\(group.fileName): '\(name)' has no '_index' attribute, so it is not an anndata >= 0.8 "
                + "dataframe; re-save the file with anndata >= 0.8 (adata.write_h5ad(path))")
        }
        indexName = try group.stringAttribute("_index")
        columnNames = group.hasAttribute("column-order") ? try group.stringArrayAttribute("column-order") : []
    }

    /// The row names (obs names / var names).
    public func index() throws -> [String] {
        let values = try column(named: indexName, isIndex: true).stringValues()
        return values.map { $0 ?? "" }
    }

    public func hasColumn(_ column: String) -> Bool {
        column != indexName && group.contains(column)
    }

    /// Decodes column `column`; checks its length and its category codes.
    public func column(_ column: String) throws -> AnnDataColumn {
        guard hasColumn(column) else {
            throw AdaPertError("\(group.fileName): \(name) column '\(column)' not found; columns are "
                + "[\(columnNames.joined(separator: ", "))]")
        }
        return try self.column(named: column, isIndex: false)
    }

    /// Per-row strings of a categorical or string column (nil for missing values); an error for other kinds.
    public func textColumn(_ column: String) throws -> [String?] {
        let values = try self.column(column)
        guard values.isText else {
            throw AdaPertError("\(group.fileName): \(name) column '\(column)' holds numbers, not labels; "
                + "choose a categorical or string column")
        }
        return values.stringValues()
    }

    private func column(named column: String, isIndex: Bool) throws -> AnnDataColumn {
        if group.isGroup(column) {
            return try AnnDataEncodedColumn.read(try group.group(column), frame: name, length: length)
        }
        let dataset = try group.dataset(column)
        guard dataset.shape.count != 1 || dataset.rows == length else {
            throw AdaPertError("\(group.fileName): \(name) \(isIndex ? "index" : "column") '\(column)' has "
                + "\(dataset.rows) values but the matrix has \(length) \(name == "obs" ? "cells" : "genes"); "
                + "the file is inconsistent (re-create it)")
        }
        return try AnnDataEncodedColumn.read(dataset, length: length)
    }
}
