import CHDF5
@testable import Core
import Foundation
@testable import HDF5
@testable import TestSupport
import Testing

@Suite struct HDF5Tests {
    @Test func numericDatasetsConvertToTheRequestedType() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("n.h5").path
            let file = try HDF5File.create(path)
            try file.createDataset("i8", values: [Int8(-3), 0, 7])
            try file.createDataset("u16", values: [UInt16(1), 2, 65535])
            try file.createDataset("i64", values: [Int64(-5), 1 << 40, 9])
            try file.createDataset("f64", values: [1.5, -2.25, 3])
            try file.createDataset("u64", values: [UInt64(4), 5, 6], storage: HDF5Storage(chunkRows: 2, gzipLevel: 6))
            try file.createBoolDataset("b", values: [true, false, true])
            #expect(try file.dataset("i8").read(as: Double.self) == [-3, 0, 7])
            #expect(try file.dataset("u16").read(as: Int32.self) == [1, 2, 65535])
            #expect(try file.dataset("i64").read(as: Int64.self) == [-5, 1 << 40, 9])
            #expect(try file.dataset("f64").read(as: Float.self) == [1.5, -2.25, 3])
            #expect(try file.dataset("u64").read(rows: 1..<3, as: Int.self) == [5, 6])
            #expect(try file.dataset("b").read(as: Int32.self) == [1, 0, 1])
            #expect(try file.dataset("b").elementType == .enumeration(signed: true, bytes: 1))
            #expect(throws: AdaPertError.self) { try file.dataset("i8").read(rows: 2..<4, as: Int8.self) }
            #expect(throws: AdaPertError.self) { try file.dataset("i8").readStrings() }
            #expect(throws: AdaPertError.self) { try file.dataset("nope") }
        }
    }

    @Test func twoDimensionalRowHyperslabs() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let file = try HDF5File.create(dir.appendingPathComponent("m.h5").path)
            let values = (0..<12).map { Float($0) }
            let dataset = try file.createDataset("m", values: values, shape: [4, 3], storage: HDF5Storage(chunkRows: 3, gzipLevel: 1))
            #expect(dataset.shape == [4, 3])
            #expect(try dataset.read(rows: 1..<3, as: Float.self) == [3, 4, 5, 6, 7, 8])
            #expect(try dataset.read(rows: 2..<2, as: Float.self) == [])
        }
    }

    @Test func extendableDatasetsAppend() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("e.h5").path
            do {
                let file = try HDF5File.create(path)
                let numbers = try file.createExtendableDataset("x", of: Int32.self, storage: HDF5Storage(chunkRows: 2, gzipLevel: 4))
                try numbers.append([1, 2, 3])
                try numbers.append([Int32]())
                try numbers.append([4])
                let strings = try file.createExtendableStringDataset("s")
                try strings.append(strings: ["a", "βγ"])
                try strings.append(strings: ["", "d"])
            }
            let file = try HDF5File.open(path)
            #expect(try file.dataset("x").read(as: Int64.self) == [1, 2, 3, 4])
            #expect(try file.dataset("s").readStrings() == ["a", "βγ", "", "d"])
            #expect(try file.dataset("s").readStrings(rows: 1..<3) == ["βγ", ""])
        }
    }

    @Test func attributesAndGroups() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("a.h5").path
            do {
                let file = try HDF5File.create(path)
                let group = try file.createGroup("g")
                try group.createGroup("inner")
                try group.createScalarString("s", value: "hello")
                try group.setAttribute("kind", string: "dataframe")
                try group.setAttribute("order", strings: ["b", "a"])
                try group.setAttribute("empty", strings: [])
                try group.setAttribute("shape", values: [Int64(3), 4])
                try group.setAttribute("scale", scalar: 0.5)
                try group.setAttribute("ordered", bool: true)
                try group.setAttribute("kind", string: "replaced")
            }
            let group = try HDF5File.open(path).group("g")
            #expect(try group.memberNames() == ["inner", "s"])
            #expect(group.isGroup("inner") && group.isDataset("s") && !group.contains("missing") && !group.contains("a/b"))
            #expect(try group.dataset("s").readStrings() == ["hello"])
            #expect(try group.stringAttribute("kind") == "replaced")
            #expect(try group.stringArrayAttribute("order") == ["b", "a"])
            #expect(try group.stringArrayAttribute("empty") == [])
            #expect(try group.numericAttribute("shape", as: Int.self) == [3, 4])
            #expect(try group.numericAttribute("scale", as: Double.self) == [0.5])
            #expect(try group.numericAttribute("ordered", as: Int8.self) == [1])
            #expect(throws: AdaPertError.self) { try group.stringAttribute("shape") }
            #expect(throws: AdaPertError.self) { try group.stringAttribute("missing") }
        }
    }

    @Test func fixedLengthStringsAreRead() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("f.h5").path
            let file = try HDF5File.create(path)
            let type = H5Tcopy(adapert_H5T_C_S1())
            defer { H5Tclose(type) }
            H5Tset_size(type, 4)
            let space = H5Screate_simple(1, [3], nil)
            defer { H5Sclose(space) }
            let dataset = H5Dcreate2(file.id, "f", type, space, hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT), hid_t(H5P_DEFAULT))
            defer { H5Dclose(dataset) }
            var bytes: [UInt8] = Array("ab\0\0cdefg\0\0\0".utf8)
            #expect(H5Dwrite(dataset, type, hid_t(H5S_ALL), hid_t(H5S_ALL), hid_t(H5P_DEFAULT), &bytes) >= 0)
            #expect(try file.dataset("f").readStrings() == ["ab", "cdef", "g"])
        }
    }

    /// h5py writes lzf as filter 32000, which libhdf5 itself lacks: reading must name it and suggest gzip.
    @Test func unavailableCompressionFilterIsNamed() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let file = try HDF5File.create(dir.appendingPathComponent("lzf.h5").path)
            let plist = H5Pcreate(adapert_H5P_DATASET_CREATE())
            defer { H5Pclose(plist) }
            H5Pset_chunk(plist, 1, [4])
            #expect(H5Pset_filter(plist, 32000, UInt32(H5Z_FLAG_OPTIONAL), 0, nil) >= 0)
            let space = H5Screate_simple(1, [8], nil)
            defer { H5Sclose(space) }
            let id = H5Dcreate2(file.id, "x", adapert_H5T_NATIVE_FLOAT(), space, hid_t(H5P_DEFAULT), plist, hid_t(H5P_DEFAULT))
            #expect(id >= 0)
            H5Dclose(id)
            let error = #expect(throws: AdaPertError.self) { try file.dataset("x").read(as: Float.self) }
            #expect(error?.message.contains("compressed with lzf") == true)
            #expect(error?.message.contains("compression='gzip'") == true)
        }
    }

    @Test func missingAndForeignFilesGiveCleanErrors() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let text = dir.appendingPathComponent("t.h5ad")
            try Data("not hdf5".utf8).write(to: text)
            let foreign = #expect(throws: AdaPertError.self) { try HDF5File.open(text.path) }
            #expect(foreign?.message.contains("not an HDF5 file") == true)
            let missing = #expect(throws: AdaPertError.self) { try HDF5File.open(dir.appendingPathComponent("none.h5").path) }
            #expect(missing?.message.contains("not found") == true)
        }
    }
}
