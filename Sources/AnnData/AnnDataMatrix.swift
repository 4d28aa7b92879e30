import Core
import HDF5
import Logging

/// How a cells x genes matrix (X or a layer) is stored.
public enum AnnDataMatrixEncoding: String, Sendable {
    case csr = "csr_matrix"
    case csc = "csc_matrix"
    case dense = "array"
}

/// Row access to X or `layers/NAME` of an .h5ad file, whatever its encoding. Every read checks what it
/// touches (indptr monotone and within the stored values, gene indices in range), so a damaged file gives
/// an `AdaPertError`, never a crash or an out-of-bounds read.
final class AnnDataMatrix {
    let encoding: AnnDataMatrixEncoding
    let nRows: Int
    let nCols: Int
    /// What the matrix is called in messages, e.g. `X` or `layers/counts`.
    let name: String
    let fileName: String
    private let storage: Storage
    /// CSC converted to CSR on first use.
    private var convertedCSC: CSRMatrix?
    private let logger: Logger

    private enum Storage {
        case sparse(indptr: HDF5Dataset, indices: HDF5Dataset, data: HDF5Dataset)
        case dense(HDF5Dataset)
    }

    init(parent: HDF5Group, child: String, name: String, logger: Logger) throws {
        self.name = name
        self.fileName = parent.fileName
        self.logger = logger
        if parent.isDataset(child) {
            let dataset = try parent.dataset(child)
            guard dataset.shape.count == 2, dataset.elementType.isNumeric else {
                throw AdaPertError("\(fileName): \(name) is a \(dataset.elementType.name) dataset of shape \(dataset.shape), "
                    + "expected a 2-D numeric matrix; re-save the file with anndata >= 0.8")
            }
            encoding = .dense
            nRows = dataset.shape[0]
            nCols = dataset.shape[1]
            storage = .dense(dataset)
            return
        }
        let group = try parent.group(child)
        let type = group.hasAttribute("encoding-type") ? try group.stringAttribute("encoding-type")
            : group.hasAttribute("h5sparse_format") ? try group.stringAttribute("h5sparse_format") + "_matrix" : "(none)"
        guard let sparse = AnnDataMatrixEncoding(rawValue: type), sparse != .dense else {
            throw AdaPertError("\(fileName): \(name) has encoding '\(type)'; AdaPert reads csr_matrix, csc_matrix "
                + "or a dense array (convert it with anndata, e.g. adata.X = scipy.sparse.csr_matrix(adata.X))")
        }
        let shapeName = group.hasAttribute("shape") ? "shape" : "h5sparse_shape"
        let shape = try group.numericAttribute(shapeName, as: Int64.self)
        guard shape.count == 2, shape[0] >= 0, shape[0] < 1 << 40, shape[1] >= 0, shape[1] < Int64(Int32.max) else {
            throw AdaPertError("\(fileName): \(name) has an invalid shape attribute \(shape); re-create the file")
        }
        encoding = sparse
        nRows = Int(shape[0])
        nCols = Int(shape[1])
        let indptr = try group.dataset("indptr"), indices = try group.dataset("indices"), data = try group.dataset("data")
        for dataset in [indptr, indices, data] where dataset.shape.count != 1 || !dataset.elementType.isNumeric {
            throw AdaPertError("\(fileName): '\(dataset.path)' must be a 1-D numeric array, found "
                + "\(dataset.elementType.name) of shape \(dataset.shape); re-create the file")
        }
        let major = sparse == .csr ? nRows : nCols
        guard indptr.rows == major + 1 else {
            throw AdaPertError("\(fileName): '\(indptr.path)' has \(indptr.rows) entries but \(name) has \(major) "
                + "\(sparse == .csr ? "rows" : "columns") (expected \(major + 1)); the file is damaged (re-create it)")
        }
        guard indices.rows == data.rows else {
            throw AdaPertError("\(fileName): '\(indices.path)' has \(indices.rows) entries but '\(data.path)' has "
                + "\(data.rows); the file is damaged (re-create it)")
        }
        storage = .sparse(indptr: indptr, indices: indices, data: data)
    }

    /// Number of stored values (nRows x nCols for a dense matrix).
    var storedCount: Int {
        switch storage {
        case .sparse(_, _, let data): return data.rows
        case .dense: return nRows * nCols
        }
    }

    /// Rows `range` as CSR (Float values, Int32 gene indices, indptr from 0).
    func readRows(_ range: Range<Int>) throws -> CSRMatrix {
        guard range.lowerBound >= 0, range.upperBound <= nRows else {
            throw AdaPertError("\(fileName): rows \(range.lowerBound)..<\(range.upperBound) requested but \(name) has \(nRows) rows")
        }
        switch storage {
        case .dense(let dataset):
            return CSRMatrix(dense: try dataset.read(rows: range, as: Float.self), rows: range.count, columns: nCols)
        case .sparse(let indptr, let indices, let data):
            if encoding == .csc { return try cscAsCSR(indptr: indptr, indices: indices, data: data).rows(range) }
            return try readCSR(range, indptr: indptr, indices: indices, data: data)
        }
    }

    /// The stored values of each row of `range` from indptr alone (8 bytes a row read), or nil when the
    /// matrix is dense or column-wise; a damaged indptr gives nil too (reading the rows then says why).
    func storedValueCounts(_ range: Range<Int>) throws -> [Int]? {
        guard case .sparse(let indptr, _, _) = storage, encoding == .csr, range.lowerBound >= 0, range.upperBound <= nRows else { return nil }
        let pointers = try indptr.read(rows: range.lowerBound..<(range.upperBound + 1), as: Int64.self)
        let counts = zip(pointers.dropFirst(), pointers).map { Int($0 - $1) }
        return counts.allSatisfy { $0 >= 0 && $0 <= nCols } ? counts : nil
    }

    /// Whole-matrix checks that row reads cannot see: indptr starts at 0 and ends at the stored count.
    func checkSparseEnds() throws {
        guard case .sparse(let indptr, _, let data) = storage else { return }
        let first = try indptr.read(rows: 0..<1, as: Int64.self)[0]
        let last = try indptr.read(rows: (indptr.rows - 1)..<indptr.rows, as: Int64.self)[0]
        guard first == 0, last == Int64(data.rows) else {
            throw AdaPertError("\(fileName): '\(indptr.path)' runs from \(first) to \(last) but \(data.rows) values are "
                + "stored (expected 0 to \(data.rows)); the file is damaged (re-create it)")
        }
    }

    private func readCSR(_ range: Range<Int>, indptr: HDF5Dataset, indices: HDF5Dataset, data: HDF5Dataset) throws -> CSRMatrix {
        var pointers = try indptr.read(rows: range.lowerBound..<(range.upperBound + 1), as: Int64.self)
        let start = pointers[0], end = pointers[pointers.count - 1]
        try checkPointers(pointers, stored: Int64(data.rows), dataset: indptr, firstRow: range.lowerBound)
        let values = try data.read(rows: Int(start)..<Int(end), as: Float.self)
        let columns = try indices.read(rows: Int(start)..<Int(end), as: Int32.self)
        try checkIndices(columns, bound: nCols, dataset: indices, offset: Int(start))
        if start != 0 { for i in pointers.indices { pointers[i] -= start } }
        return CSRMatrix(nRows: range.count, nCols: nCols, indptr: pointers, indices: columns, values: values)
    }

    /// indptr entries must be non-decreasing and inside [0, stored].
    private func checkPointers(_ pointers: [Int64], stored: Int64, dataset: HDF5Dataset, firstRow: Int) throws {
        var previous = pointers[0]
        guard previous >= 0, previous <= stored else { throw pointerError(dataset, at: firstRow, value: previous, stored: stored) }
        for (offset, value) in pointers.enumerated().dropFirst() {
            guard value >= previous, value <= stored else {
                throw pointerError(dataset, at: firstRow + offset, value: value, stored: stored)
            }
            previous = value
        }
    }

    private func pointerError(_ dataset: HDF5Dataset, at index: Int, value: Int64, stored: Int64) -> AdaPertError {
        AdaPertError("\(fileName): '\(dataset.path)'[\(index)] = \(value) breaks the sparse layout (entries must be "
            + "non-decreasing and within 0...\(stored)); the file is damaged (re-create it)")
    }

    private func checkIndices(_ columns: [Int32], bound: Int, dataset: HDF5Dataset, offset: Int) throws {
        let limit = Int32(clamping: bound)
        if let bad = columns.firstIndex(where: { $0 < 0 || $0 >= limit }) {
            throw AdaPertError("\(fileName): '\(dataset.path)'[\(offset + bad)] = \(columns[bad]) is outside "
                + "[0, \(bound)); the file is damaged (re-create it)")
        }
    }

    /// Reads a CSC matrix whole (checked) and transposes it to CSR once.
    private func cscAsCSR(indptr: HDF5Dataset, indices: HDF5Dataset, data: HDF5Dataset) throws -> CSRMatrix {
        if let convertedCSC { return convertedCSC }
        try HDF5Library.checkAllocation(count: nRows + 1, bytes: 8, "\(fileName): \(name) (csc_matrix)")
        let pointers = try indptr.read(as: Int64.self)
        try checkSparseEnds()
        try checkPointers(pointers, stored: Int64(data.rows), dataset: indptr, firstRow: 0)
        let rowsOfValues = try indices.read(as: Int32.self)
        try checkIndices(rowsOfValues, bound: nRows, dataset: indices, offset: 0)
        let values = try data.read(as: Float.self)
        logger.notice("\(fileName): \(name) is stored column-wise (csc_matrix); converted once to rows in memory (\(values.count) values). Re-save as csr_matrix to read it in chunks.")
        let matrix = CSRMatrix.transposing(cscPointers: pointers, rowIndices: rowsOfValues, values: values,
                                           nRows: nRows, nCols: nCols)
        convertedCSC = matrix
        return matrix
    }
}

extension CSRMatrix {
    /// The CSR form of a checked CSC matrix (column pointers, row indices): a counting sort by row, which
    /// keeps each row's columns ascending.
    static func transposing(cscPointers: [Int64], rowIndices: [Int32], values: [Float], nRows: Int, nCols: Int) -> CSRMatrix {
        var indptr = [Int64](repeating: 0, count: nRows + 1)
        for r in rowIndices { indptr[Int(r) + 1] += 1 }
        for r in 0..<nRows { indptr[r + 1] += indptr[r] }
        var next = indptr
        var indices = [Int32](repeating: 0, count: values.count)
        var out = [Float](repeating: 0, count: values.count)
        for c in 0..<nCols {
            for k in Int(cscPointers[c])..<Int(cscPointers[c + 1]) {
                let r = Int(rowIndices[k])
                let slot = Int(next[r])
                indices[slot] = Int32(c)
                out[slot] = values[k]
                next[r] += 1
            }
        }
        return CSRMatrix(nRows: nRows, nCols: nCols, indptr: indptr, indices: indices, values: out)
    }
}
