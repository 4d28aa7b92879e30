@testable import AnnData
import Core
import Foundation
import TestSupport
import Testing

@Suite struct GeneSymbolTests {
    /// A one-cell file whose var index is `names`.
    private func file(varNames names: [String], in dir: URL) throws -> AnnDataFile {
        let path = dir.appendingPathComponent("genes.h5ad").path
        let writer = try AnnDataWriter(path: path, varNames: names)
        try writer.appendRows(CSRMatrix(nRows: 1, nCols: names.count, indptr: [0, 0], indices: [], values: []),
                              obs: ["perturbation": .strings(["non-targeting"])])
        try writer.finish()
        return try AnnDataFile(path: path)
    }

    @Test func duplicateSymbolsAreAnErrorNamingTheGeneAndTheFix() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let screen = try file(varNames: ["STAT1", "JAK2", "STAT1"], in: dir)
            #expect(throws: AdaPertError.self) { try screen.geneSymbols() }
            do { _ = try screen.geneSymbols() } catch let error as AdaPertError {
                #expect(error.message.contains("'STAT1' appears twice in the var index (genes 0 and 2)"))
                #expect(error.message.contains("var_names_make_unique"))
            }
        }
    }

    @Test func emptySymbolsAreAnError() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let screen = try file(varNames: ["STAT1", " "], in: dir)
            #expect(throws: AdaPertError.self) { try screen.geneSymbols() }
        }
    }

    @Test func uniqueSymbolsPass() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let symbols = try file(varNames: ["STAT1", "JAK2"], in: dir).geneSymbols().symbols
            #expect(symbols == ["STAT1", "JAK2"])
        }
    }
}
