@testable import AnnData
@testable import Core
@testable import HDF5
@testable import TestSupport
import Testing

/// X stored dense or column-wise (csc_matrix), and layers: all read as the same CSR rows.
@Suite struct AnnDataEncodingsTests {
    private let rows = TestFiles.smallRows

    /// Writes the small file, then replaces X through `rewrite`.
    private func withRewrittenX(_ rewrite: (HDF5File) throws -> Void, _ check: (String) throws -> Void) throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("e.h5ad").path
            try TestFiles.writeSmallFile(at: path)
            do {
                let file = try HDF5File.open(path, mode: .readWrite)
                try file.remove("X")
                try rewrite(file)
            }
            try check(path)
        }
    }

    @Test func denseX() throws {
        try withRewrittenX({ file in
            try file.createDataset("X", values: rows.flatMap { $0.map(Double.init) }, shape: [6, 4],
                                   storage: HDF5Storage(chunkRows: 2, gzipLevel: 1))
        }) { path in
            let file = try AnnDataFile(path: path)
            #expect(file.encoding == .dense)
            #expect(try file.readRows(1..<5) == TestFiles.csr(Array(rows[1..<5])))
            #expect(try file.storedValueCounts(0..<6) == nil)  // not known without reading the rows
            #expect(try file.validate(rowsPerChunk: 4).total == 28)
        }
    }

    @Test func cscXIsConvertedOnce() throws {
        try withRewrittenX({ file in
            // Column-wise storage of the same matrix, with int16 row indices and float64 values.
            var pointers: [Int64] = [0], rowIndices: [Int16] = [], values: [Double] = []
            for c in 0..<4 {
                for r in 0..<6 where rows[r][c] != 0 { rowIndices.append(Int16(r)); values.append(Double(rows[r][c])) }
                pointers.append(Int64(values.count))
            }
            let x = try file.createGroup("X")
            try x.setAttribute("encoding-type", string: "csc_matrix")
            try x.setAttribute("shape", values: [Int64(6), 4])
            try x.createDataset("indptr", values: pointers)
            try x.createDataset("indices", values: rowIndices)
            try x.createDataset("data", values: values)
        }) { path in
            let file = try AnnDataFile(path: path)
            #expect(file.encoding == .csc)
            #expect(try file.storedValueCounts(0..<6) == nil)
            #expect(try file.readRows(0..<6) == TestFiles.csr(rows))
            #expect(try file.readRows(3..<5) == TestFiles.csr(Array(rows[3..<5])))
        }
    }

    @Test func unknownEncodingIsNamed() throws {
        try withRewrittenX({ file in
            try file.createGroup("X").setAttribute("encoding-type", string: "awkward-array")
        }) { path in
            let error = #expect(throws: AdaPertError.self) { try AnnDataFile(path: path) }
            #expect(error?.message.contains("awkward-array") == true)
        }
    }
}
