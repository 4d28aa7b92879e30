@testable import AnnData
@testable import CellEval
import Foundation
@testable import HDF5
@testable import TestSupport
import Testing

@Suite struct EvaluationFileTests {
    @Test func integerCountsAreNormalisedToTheMedianTotal() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("counts.h5ad").path
            try TestFiles.writeSmallFile(at: path)
            let file = try EvaluationFile.read(path, perturbationKey: nil, control: nil)
            #expect(file.wasCounts)
            #expect(Set(file.groups.keys) == ["STAT1", "JAK2"])
            // Non-zero cell totals 3, 4, 6, 7, 8 (the excluded cell counts too): median 6. Control cells
            // [0,0,0,0] (stays 0) and [2,2,2,2] -> log1p(2 * 6 / 8).
            #expect(file.control.values[0..<4].allSatisfy { $0 == 0 })
            #expect(file.control.values[4..<8].allSatisfy { abs($0 - log1pf(1.5)) < 1e-6 })
        }
    }

    @Test func fractionalValuesOutsideLog1pRangeAreRefused() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("scaled.h5ad").path
            let writer = try AnnDataWriter(path: path, varNames: ["G0", "G1"], varColumns: [],
                                           storage: HDF5Storage(chunkRows: 4, gzipLevel: 4))
            try writer.appendRows(TestFiles.csr([[20.5, 0], [0.5, 1.5]]), obsNames: ["a", "b"],
                                  obs: ["target_gene": .strings(["G0", "non-targeting"])])
            try writer.finish()
            do {
                _ = try EvaluationFile.read(path, perturbationKey: nil, control: nil)
                Issue.record("expected an error for values >= 15")
            } catch {
                #expect("\(error)".contains("too large for log1p data"))
            }
        }
    }
}
