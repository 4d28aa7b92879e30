@testable import AnnData
@testable import Core
import Foundation
@testable import HDF5
import Model
@testable import TestSupport
import Testing

/// Damaged and unusual files: every problem must surface as a clean `AdaPertError`, never a crash.
@Suite struct AnnDataCorruptionTests {
    /// Writes the small valid file, lets `damage` edit it through the HDF5 API, then opens and validates it.
    private func damaged(_ damage: (HDF5File) throws -> Void) throws -> AdaPertError? {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("d.h5ad").path
            try TestFiles.writeSmallFile(at: path)
            try damage(try HDF5File.open(path, mode: .readWrite))
            return #expect(throws: AdaPertError.self) {
                let file = try AnnDataFile(path: path)
                try file.validate(rowsPerChunk: 2)
                _ = try PerturbationAnnotation.read(from: file)
            }
        }
    }

    @Test func indptrNotMonotone() throws {
        let error = try damaged { try $0.group("X").dataset("indptr").write([Int64(1)], atRow: 3) }
        #expect(error?.message.contains("non-decreasing") == true)
    }

    @Test func indptrEndDiffersFromStoredCount() throws {
        let error = try damaged { try $0.group("X").dataset("indptr").write([Int64(10)], atRow: 6) }
        #expect(error?.message.contains("X/indptr") == true)
    }

    @Test func indptrBeyondStoredValues() throws {
        let error = try damaged { try $0.group("X").dataset("indptr").write([Int64(500)], atRow: 5) }
        #expect(error?.message.contains("X/indptr") == true)
    }

    @Test func geneIndexOutOfRange() throws {
        let error = try damaged { try $0.group("X").dataset("indices").write([Int32(4)], atRow: 3) }
        #expect(error?.message.contains("outside [0, 4)") == true)
    }

    @Test func categoryCodeOutOfRange() throws {
        let error = try damaged {
            try $0.group("obs").group("perturbation").dataset("codes").write([Int8(9)], atRow: 2)
        }
        #expect(error?.message.contains("category code 9") == true)
    }

    @Test func dataAndIndicesLengthsDiffer() throws {
        let error = try damaged { file in
            let x = try file.group("X")
            try x.remove("data")
            try x.createDataset("data", values: [Float](repeating: 1, count: 5))
        }
        #expect(error?.message.contains("X/data") == true)
    }

    @Test func obsColumnLengthDiffers() throws {
        let error = try damaged { file in
            let obs = try file.group("obs")
            try obs.remove("score")
            try obs.createDataset("score", values: [1.0, 2.0])
        }
        #expect(error?.message.contains("obs column 'score' has 2 values") == true)
    }

    @Test func shapeAttributeDisagreesWithIndptr() throws {
        let error = try damaged { try $0.group("X").setAttribute("shape", values: [Int64(9), 4]) }
        #expect(error?.message.contains("X/indptr") == true)
    }

    @Test func missingX() throws {
        let error = try damaged { try $0.remove("X") }
        #expect(error?.message.contains("no expression matrix X") == true)
    }

    @Test func preAnndata08Layout() throws {
        let error = try damaged { file in
            try file.remove("obs")
            try file.createDataset("obs", values: [Int32(1), 2, 3, 4, 5, 6])
        }
        #expect(error?.message.contains("anndata >= 0.8") == true)
    }

    @Test func plainHDF5IsNotAnnData() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("plain.h5").path
            try HDF5File.create(path).createDataset("x", values: [1.0])
            let error = #expect(throws: AdaPertError.self) { try AnnDataFile(path: path) }
            #expect(error?.message.contains("not an AnnData file") == true)
        }
    }
}
