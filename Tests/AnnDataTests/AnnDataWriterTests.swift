@testable import AnnData
@testable import Core
import Foundation
@testable import HDF5
@testable import TestSupport
import Testing

@Suite struct AnnDataWriterTests {
    @Test func roundTripsMatrixObsVarAndUns() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("small.h5ad").path
            try TestFiles.writeSmallFile(at: path)
            #expect(!FileManager.default.fileExists(atPath: path + ".partial"))
            let file = try AnnDataFile(path: path)
            #expect(file.nObs == 6 && file.nVars == 4)
            #expect(file.encoding == .csr)
            #expect(try file.readRows(0..<6) == TestFiles.csr(TestFiles.smallRows))
            #expect(try file.readRows(2..<4) == TestFiles.csr(Array(TestFiles.smallRows[2..<4])))
            // From indptr alone: what the shard exchange reserves before any row arrives.
            #expect(try file.storedValueCounts(1..<5) == TestFiles.smallRows[1..<5].map { $0.filter { $0 != 0 }.count })
            #expect(file.rowsPerChunk(targetValues: 4) == 4)  // 11 values in 6 rows: 1 a row
            #expect(try file.varNames() == ["G0", "G1", "G2", "G3"])
            #expect(try file.obsNames() == (0..<6).map { "cell\($0)" })
            #expect(try file.obs.textColumn("perturbation") == TestFiles.smallLabels)
            #expect(try file.obs.column("is_control") == .bools([false, true, false, false, true, false]))
            #expect(try file.obs.column("score") == .numbers([0, 0.5, 1, 1.5, 2, 2.5]))
            #expect(try file.obs.column("umi") == .numbers([0, 10, 20, 30, 40, 50]))
            #expect(try file.var.textColumn("gene_name") == ["g0", "g1", "g2", "g3"])
            #expect(file.obs.columnNames == ["is_control", "perturbation", "score", "umi"])
            #expect(try file.unsString("source") == "unit test")
            let summary = try file.validate(rowsPerChunk: 4)
            #expect(summary.isCounts && summary.nonZeroCount == 11 && summary.total == 28)
        }
    }

    @Test func categoricalCodesWidenWithManyCategories() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("wide.h5ad").path
            let labels = (0..<300).map { "P\($0)" }
            let writer = try AnnDataWriter(path: path, varNames: ["A"])
            try writer.appendRows(CSRMatrix(nRows: 300, nCols: 1, indptr: [Int64](repeating: 0, count: 301), indices: [], values: []),
                                  obs: ["label": .strings(labels)])
            try writer.finish()
            let codes = try HDF5File.open(path).group("obs").group("label").dataset("codes")
            #expect(codes.elementType == .integer(signed: true, bytes: 2))
            #expect(try AnnDataFile(path: path).obs.textColumn("label") == labels)
        }
    }

    @Test func refusesInconsistentChunks() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("bad.h5ad").path
            let writer = try AnnDataWriter(path: path, varNames: ["A", "B"])
            let row = TestFiles.csr([[1, 0]])
            try writer.appendRows(row, obs: ["x": .floats([1])])
            #expect(throws: AdaPertError.self) { try writer.appendRows(row, obs: ["x": .strings(["a"])]) }
            #expect(throws: AdaPertError.self) { try writer.appendRows(row, obs: ["y": .floats([1])]) }
            #expect(throws: AdaPertError.self) { try writer.appendRows(TestFiles.csr([[1, 0, 0]]), obs: ["x": .floats([1])]) }
        }
        #expect(throws: AdaPertError.self) { try AnnDataWriter(path: "/nonexistent-dir/x.h5ad", varNames: ["A"]) }
    }

    /// A folder at the output path (e.g. a run directory passed as --output) is refused, not replaced.
    @Test func refusesToReplaceAFolder() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let kept = dir.appendingPathComponent("run/metrics.csv")
            try FileManager.default.createDirectory(at: kept.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("step\n".utf8).write(to: kept)
            let error = #expect(throws: AdaPertError.self) {
                try AnnDataWriter(path: dir.appendingPathComponent("run").path, varNames: ["A"])
            }
            #expect(error?.message.contains("is a folder") == true)
            #expect(FileManager.default.fileExists(atPath: kept.path))
        }
    }
}

/// Writes files for scripts/checks/anndata-crosscheck (which sets ADAPERT_ANNDATA_CROSSCHECK_DIR and then
/// reads them with anndata): the small fixture and a multi-chunk file with many categories.
@Suite struct AnnDataCrossCheckFiles {
    static let directory = ProcessInfo.processInfo.environment["ADAPERT_ANNDATA_CROSSCHECK_DIR"]

    @Test(.enabled(if: directory != nil, "set by scripts/checks/anndata-crosscheck"))
    func writeFilesForAnndata() throws {
        let dir = URL(fileURLWithPath: Self.directory!)
        try TestFiles.writeSmallFile(at: dir.appendingPathComponent("adapert_small.h5ad").path, chunkRows: 4)
        let path = dir.appendingPathComponent("adapert_chunks.h5ad").path
        let writer = try AnnDataWriter(path: path, varNames: (0..<50).map { "GENE\($0)" },
                                       varColumns: [("highly_variable", .bools((0..<50).map { $0 % 3 == 0 }))])
        for chunk in 0..<5 {
            let rows = (0..<40).map { r in (0..<50).map { g in Float((chunk * 40 + r + g) % 7 == 0 ? (r + g) % 5 + 1 : 0) } }
            let cells = (chunk * 40)..<(chunk * 40 + 40)
            try writer.appendRows(TestFiles.csr(rows), obs: [
                "target_gene": .strings(cells.map { $0 % 10 == 0 ? "non-targeting" : "T\($0 % 150)" }),
                "n_counts": .floats(rows.map { $0.reduce(0, +) }),
            ])
        }
        try writer.finish()
        #expect(try AnnDataFile(path: path).validate().nonZeroCount > 0)
    }
}
