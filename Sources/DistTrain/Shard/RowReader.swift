import AnnData

/// Something that reads row ranges of a cells x genes matrix without touching the other rows (an .h5ad's X,
/// or a matrix in memory): the basis of sharding.
public protocol RowReader {
    var rowCount: Int { get }
    var columnCount: Int { get }
    func readRows(_ rows: Range<Int>) throws -> CSRMatrix
    /// The stored values of each row of `rows` when they are known without reading the rows (a sparse row
    /// matrix's indptr), else nil.
    func storedValueCounts(_ rows: Range<Int>) throws -> [Int]?
    /// Rows per chunk so that one chunk holds about `targetValues` stored values: what a rank holds of its
    /// slice at a time (several copies while a chunk is normalised and sent), whatever the matrix's density.
    func rowsPerChunk(targetValues: Int) -> Int
}

/// The rank's contiguous slice [a, b) of the file's rows, served in chunks with each row's group
/// (perturbation index, control group, or -1 for excluded cells): the input of preprocessing and of the
/// exchange that routes rows to their owners.
public struct RowRangeSource<Reader: RowReader>: CellChunkSource {
    public let reader: Reader
    public let rows: Range<Int>
    /// Group of every row of the file (indexed by global row).
    public let groups: [Int32]
    public let chunkRows: Int

    /// `chunkRows` defaults to 8192 rows or about 4 million stored values, whichever is fewer.
    public init(reader: Reader, rows: Range<Int>, groups: [Int32], chunkRows: Int? = nil) {
        self.reader = reader
        self.rows = rows
        self.groups = groups
        self.chunkRows = chunkRows ?? min(8192, reader.rowsPerChunk(targetValues: 1 << 22))
    }

    /// Rank `rank` of `size` reads rows [n r / R, n (r + 1) / R).
    public static func slice(rank: Int, size: Int, rowCount: Int) -> Range<Int> {
        (rowCount * rank / size)..<(rowCount * (rank + 1) / size)
    }

    public var geneCount: Int { reader.columnCount }

    /// Number of chunks this source serves.
    public var chunkCount: Int { (rows.count + chunkRows - 1) / chunkRows }

    public func chunk(_ k: Int) throws -> (rows: Range<Int>, matrix: CSRMatrix, groups: [Int32]) {
        let start = rows.lowerBound + k * chunkRows
        let range = start..<min(start + chunkRows, rows.upperBound)
        return (range, try reader.readRows(range), Array(groups[range]))
    }

    public func forEachChunk(_ body: (CSRMatrix, [Int32]) throws -> Void) throws {
        for k in 0..<chunkCount {
            let (_, matrix, groups) = try chunk(k)
            try body(matrix, groups)
        }
    }
}

/// A matrix in memory as a `RowReader` (tests, and data a command already holds).
extension CSRMatrix: RowReader {
    public var rowCount: Int { nRows }
    public var columnCount: Int { nCols }

    public func readRows(_ rows: Range<Int>) throws -> CSRMatrix {
        self.rows(rows)
    }

    public func storedValueCounts(_ rows: Range<Int>) throws -> [Int]? {
        rows.map { Int(indptr[$0 + 1] - indptr[$0]) }
    }

    public func rowsPerChunk(targetValues: Int) -> Int {
        max(1, min(max(nRows, 1), targetValues / max(1, values.count / max(1, nRows))))
    }
}
