import AnnData
import Foundation
import HDF5

/// Helpers shared by the test suites: temporary and fixture folders, the real data folder, small files.
public enum TestFiles {
    /// `<package root>/../shared/data` (the real data files; absent on a fresh machine).
    public static let sharedData: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data")

    public static func sharedFile(_ name: String) -> String? {
        let path = sharedData.appendingPathComponent(name).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// This test process's own folder, removed when the process exits: for fixtures built once per process
    /// (`TinyRun`) that test processes running at the same time must not share.
    public static let processFolder: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("adapert-process-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestFiles.processFolder) }
        return folder
    }()

    /// `<temporary folder>/name`, kept between test runs and shared by test processes: for fixtures generated
    /// once and moved into place whole (`TinyScreen`).
    public static func keptFolder(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent(name)
    }

    /// A fresh temporary folder, removed by `body`'s end.
    public static func withTemporaryDirectory<R>(_ body: (URL) throws -> R) throws -> R {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("adapert-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try body(dir)
    }

    /// A CSR matrix from dense rows (zeros dropped).
    public static func csr(_ rows: [[Float]]) -> CSRMatrix {
        CSRMatrix(dense: rows.flatMap { $0 }, rows: rows.count, columns: rows.first?.count ?? 0)
    }

    /// A small valid file: 6 cells x 4 genes, obs perturbation/is_control/score/umi, var gene_name.
    public static let smallRows: [[Float]] = [
        [1, 0, 2, 0], [0, 0, 0, 0], [3, 1, 0, 0], [0, 5, 0, 1], [2, 2, 2, 2], [0, 0, 7, 0],
    ]
    public static let smallLabels = ["STAT1", "non-targeting", "ctrl+JAK2", "STAT1", "non-targeting", "unassigned"]

    public static func writeSmallFile(at path: String, chunkRows: Int = 4) throws {
        let writer = try AnnDataWriter(path: path, varNames: ["G0", "G1", "G2", "G3"],
                                       varColumns: [("gene_name", .strings(["g0", "g1", "g2", "g3"]))],
                                       storage: HDF5Storage(chunkRows: 4, gzipLevel: 4))
        var start = 0
        while start < smallRows.count {
            let end = min(smallRows.count, start + chunkRows)
            let range = start..<end
            try writer.appendRows(csr(Array(smallRows[range])), obsNames: range.map { "cell\($0)" }, obs: [
                "perturbation": .strings(Array(smallLabels[range])),
                "is_control": .bools(range.map { smallLabels[$0] == "non-targeting" }),
                "score": .doubles(range.map { Double($0) / 2 }),
                "umi": .ints(range.map { Int64($0 * 10) }),
            ])
            start = end
        }
        try writer.setUns("source", string: "unit test")
        try writer.finish()
    }
}

/// Running the real `adapert` executable in a child process.
extension TestFiles {
    /// The `adapert` executable built beside this test bundle (nil when it has not been built).
    public static var adapertExecutable: URL? {
        let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("adapert")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }
}
