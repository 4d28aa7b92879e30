import Core
import HDF5
import Logging

/// A read-only .h5ad file (anndata >= 0.8 layout): shape, the expression matrix (X or a layer) read by row
/// ranges, and the obs/var dataframes. Opening checks the layout; `validate()` checks every value.
public final class AnnDataFile {
    public let path: String
    /// Cells.
    public let nObs: Int
    /// Genes.
    public let nVars: Int
    public let obs: AnnDataFrame
    public let `var`: AnnDataFrame
    /// `X`, or `layers/NAME` when a layer was chosen.
    public var matrixName: String { matrix.name }
    public var encoding: AnnDataMatrixEncoding { matrix.encoding }
    /// Values stored in the matrix (non-zeros for sparse, nObs x nVars for dense).
    public var storedValueCount: Int { matrix.storedCount }
    private let file: HDF5File
    private let matrix: AnnDataMatrix

    /// Opens `path`, reading X or, with `layer`, `layers/<layer>` as the expression matrix.
    public init(path: String, layer: String? = nil, logger: Logger = Logger(label: "adapert.anndata")) throws {
        self.path = path
        file = try HDF5File.open(path)
        if file.isDataset("obs") || file.isDataset("var") {
            throw AdaPertError("\(path): obs/var are stored as compound datasets (written by anndata < 0.8), which "
                + "AdaPert does not read; re-save the file with anndata >= 0.8 (anndata.read_h5ad(path).write_h5ad(new_path))")
        }
        guard file.isGroup("obs"), file.isGroup("var") else {
            throw AdaPertError("\(path): not an AnnData file (no 'obs' and 'var' groups); an .h5ad written by "
                + "anndata >= 0.8 is expected")
        }
        if let layer {
            guard file.isGroup("layers"), try file.group("layers").contains(layer) else {
                let layers = file.isGroup("layers") ? try file.group("layers").memberNames() : []
                throw AdaPertError("\(path): layer '\(layer)' not found; layers are [\(layers.joined(separator: ", "))]; "
                    + "pass one of them to --layer, or omit it to use X")
            }
            matrix = try AnnDataMatrix(parent: try file.group("layers"), child: layer, name: "layers/\(layer)", logger: logger)
        } else {
            guard file.contains("X") else {
                let layers = file.isGroup("layers") ? try file.group("layers").memberNames() : []
                throw AdaPertError("\(path): no expression matrix X; "
                    + (layers.isEmpty ? "the file holds no layers either (re-create it)"
                        : "pass a layer with --layer (layers are [\(layers.joined(separator: ", "))])"))
            }
            matrix = try AnnDataMatrix(parent: file, child: "X", name: "X", logger: logger)
        }
        nObs = matrix.nRows
        nVars = matrix.nCols
        obs = try AnnDataFrame(group: try file.group("obs"), name: "obs", length: nObs)
        `var` = try AnnDataFrame(group: try file.group("var"), name: "var", length: nVars)
    }

    /// Cells `range` as CSR. Checks what it reads (indptr order and bounds, gene indices).
    public func readRows(_ range: Range<Int>) throws -> CSRMatrix {
        try matrix.readRows(range)
    }

    /// The stored values of each cell of `range`, from indptr alone; nil for a dense or column-wise matrix.
    public func storedValueCounts(_ range: Range<Int>) throws -> [Int]? {
        try matrix.storedValueCounts(range)
    }

    /// Rows per chunk so that one chunk holds about `targetValues` stored values.
    public func rowsPerChunk(targetValues: Int = 4_000_000) -> Int {
        let perRow = max(1, encoding == .dense ? nVars : storedValueCount / max(1, nObs))
        return max(1, min(max(nObs, 1), targetValues / perRow))
    }

    /// Calls `body(firstRow, chunk)` for consecutive row chunks covering all cells (bounded memory).
    public func forEachRowChunk(rowsPerChunk: Int? = nil, _ body: (Int, CSRMatrix) throws -> Void) throws {
        let step = rowsPerChunk ?? self.rowsPerChunk()
        var start = 0
        while start < nObs {
            let end = min(nObs, start + step)
            try body(start, try readRows(start..<end))
            start = end
        }
    }

    /// Cell names (obs index).
    public func obsNames() throws -> [String] { try obs.index() }

    /// Gene names (var index).
    public func varNames() throws -> [String] { try `var`.index() }

    /// A string stored in `uns/<key>` (scalar string dataset), or nil when absent.
    public func unsString(_ key: String) throws -> String? {
        guard file.isGroup("uns"), try file.group("uns").isDataset(key) else { return nil }
        let dataset = try file.group("uns").dataset(key)
        let values = try dataset.readStrings()
        return values.count == 1 ? values[0] : nil
    }

    /// Whole-matrix checks that row reads alone cannot make (sparse indptr starts at 0, ends at the stored count).
    func checkMatrixEnds() throws { try matrix.checkSparseEnds() }
}
