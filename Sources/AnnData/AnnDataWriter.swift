import Core
import Foundation
import HDF5

/// Writes an .h5ad file that `anndata.read_h5ad` reads, streaming cells in chunks with bounded memory:
/// X as csr_matrix (int64 indptr and indices: scipy needs both of one dtype; float32 data; chunked, gzip,
/// extendable), obs columns
/// appended with each chunk, var columns and `uns` strings. The file is written under a temporary name
/// beside `path` and renamed into place by `finish()`, so a crash never leaves a half-written `path`.
///
///     let writer = try AnnDataWriter(path: out, varNames: genes)
///     try writer.appendRows(chunk, obsNames: names, obs: ["perturbation": .strings(labels)])
///     try writer.finish()
public final class AnnDataWriter {
    public let path: String
    public let nVars: Int
    /// Cells written so far.
    public private(set) var nObs = 0
    private let partialPath: String
    private let storage: HDF5Storage
    /// Every open handle of the file being written; released as one by `finish()` so the file closes.
    private var open: OpenFile?
    private var nnz: Int64 = 0

    private final class OpenFile {
        let file: HDF5File
        let x: HDF5Group, obs: HDF5Group, uns: HDF5Group
        let indptr: HDF5Dataset, indices: HDF5Dataset, data: HDF5Dataset, obsIndex: HDF5Dataset
        var obsColumns: [ObsColumnBuilder]? = nil

        init(file: HDF5File, storage: HDF5Storage) throws {
            self.file = file
            uns = try file.createGroup("uns")
            x = try file.createGroup("X")
            indptr = try x.createExtendableDataset("indptr", of: Int64.self, storage: storage)
            indices = try x.createExtendableDataset("indices", of: Int64.self, storage: storage)
            data = try x.createExtendableDataset("data", of: Float.self, storage: storage)
            obs = try file.createGroup("obs")
            obsIndex = try obs.createExtendableStringDataset("_index", storage: storage)
        }
    }

    /// Refuses a `path` that is a folder (`OutputFile.requireNotFolder`): `finish()` replaces what is at `path`.
    /// Callers writing several files check all first.
    public static func requireFilePath(_ path: String) throws {
        try OutputFile.requireNotFolder(path, file: "an .h5ad file to write", example: "predicted.h5ad")
    }

    /// Starts `path` with the genes `varNames` and optional var columns (each of varNames.count values).
    public init(path: String, varNames: [String], varColumns: [(name: String, values: AnnDataValues)] = [],
                storage: HDF5Storage = .compressed) throws {
        try Self.requireFilePath(path)
        self.path = path
        self.nVars = varNames.count
        self.storage = storage
        partialPath = path + ".partial"
        let file = try HDF5File.create(partialPath)
        let open = try OpenFile(file: file, storage: storage)
        self.open = open
        try AnnDataEncoding.mark(file, "anndata", "0.1.0")
        try AnnDataEncoding.mark(open.uns, "dict", "0.1.0")
        for name in ["layers", "obsm", "obsp", "varm", "varp"] {
            try AnnDataEncoding.mark(try file.createGroup(name), "dict", "0.1.0")
        }
        try Self.writeVar(file, varNames: varNames, columns: varColumns, storage: storage)
        try open.indptr.append([Int64(0)])
    }

    deinit {
        if open != nil {
            open = nil
            try? FileManager.default.removeItem(atPath: partialPath)
        }
    }

    /// Appends the cells of `chunk` (nCols == nVars) with their names (default: their row numbers) and
    /// obs values (each chunk.nRows long; the first chunk fixes the columns and their kinds).
    public func appendRows(_ chunk: CSRMatrix, obsNames: [String]? = nil, obs columns: [String: AnnDataValues] = [:]) throws {
        guard let open else { throw AdaPertError("\(path): rows appended after finish()") }
        try checkChunk(chunk, obsNames: obsNames, columns: columns, started: open.obsColumns)
        if open.obsColumns == nil {
            open.obsColumns = try columns.keys.sorted().map {
                try ObsColumnBuilder(name: $0, first: columns[$0]!, group: open.obs, storage: storage)
            }
        }
        try open.indptr.append(chunk.indptr.dropFirst().map { $0 - chunk.indptr[0] + nnz })
        try open.indices.append(chunk.indices.map(Int64.init))
        try open.data.append(chunk.values)
        try open.obsIndex.append(strings: obsNames ?? (nObs..<(nObs + chunk.nRows)).map(String.init))
        for column in open.obsColumns ?? [] { try column.append(columns[column.name]!, fileName: path) }
        nnz += Int64(chunk.nnz)
        nObs += chunk.nRows
    }

    /// Stores `value` as the scalar string `uns/<key>`.
    public func setUns(_ key: String, string value: String) throws {
        guard let open else { throw AdaPertError("\(path): uns written after finish()") }
        try AnnDataEncoding.mark(try open.uns.createScalarString(key, value: value), "string", "0.2.0")
    }

    /// Writes the obs columns and encoding attributes, closes the file and moves it to `path`.
    public func finish() throws {
        guard let open else { throw AdaPertError("\(path): finish() called twice") }
        try AnnDataEncoding.mark(open.x, "csr_matrix", "0.1.0")
        try open.x.setAttribute("shape", values: [Int64(nObs), Int64(nVars)])
        let columns = open.obsColumns ?? []
        for column in columns { try column.finish(group: open.obs, storage: storage) }
        try AnnDataEncoding.markStringArray(open.obsIndex)
        try Self.markDataframe(open.obs, columns: columns.map(\.name))
        try open.file.flush()
        self.open = nil
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partialPath, toPath: path)
        } catch {
            throw AdaPertError("\(path): cannot move the finished file into place (\(error.localizedDescription)); "
                + "check that the folder is writable")
        }
    }

    private func checkChunk(_ chunk: CSRMatrix, obsNames: [String]?, columns: [String: AnnDataValues],
                            started: [ObsColumnBuilder]?) throws {
        guard chunk.nCols == nVars else {
            throw AdaPertError("\(path): a chunk has \(chunk.nCols) genes but the file was started with \(nVars)")
        }
        if let bad = chunk.indices.first(where: { $0 < 0 || Int($0) >= nVars }) {
            throw AdaPertError("\(path): a chunk holds gene index \(bad), outside [0, \(nVars))")
        }
        if let obsNames, obsNames.count != chunk.nRows {
            throw AdaPertError("\(path): a chunk of \(chunk.nRows) cells came with \(obsNames.count) names")
        }
        if let (name, values) = columns.first(where: { $0.value.count != chunk.nRows }) {
            throw AdaPertError("\(path): obs column '\(name)' has \(values.count) values for a chunk of \(chunk.nRows) cells")
        }
        if let started, Set(columns.keys) != Set(started.map(\.name)) {
            throw AdaPertError("\(path): a chunk's obs columns \(columns.keys.sorted()) differ from the first chunk's "
                + "\(started.map(\.name))")
        }
    }

    private static func writeVar(_ file: HDF5File, varNames: [String], columns: [(name: String, values: AnnDataValues)],
                                 storage: HDF5Storage) throws {
        let group = try file.createGroup("var")
        try AnnDataEncoding.writeColumn(group, "_index", .strings(varNames), storage: storage)
        for (name, values) in columns {
            guard values.count == varNames.count, name != "_index" else {
                throw AdaPertError("\(file.fileName): var column '\(name)' has \(values.count) values for \(varNames.count) genes")
            }
            try AnnDataEncoding.writeColumn(group, name, values, storage: storage)
        }
        try markDataframe(group, columns: columns.map(\.name))
    }

    private static func markDataframe(_ group: HDF5Group, columns: [String]) throws {
        try AnnDataEncoding.mark(group, "dataframe", "0.2.0")
        try group.setAttribute("_index", string: "_index")
        try group.setAttribute("column-order", strings: columns)
    }
}
