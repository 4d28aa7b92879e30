@testable import Core
import Foundation
import Testing

/// Output folders: created with their parents; a file in the way or an unwritable place is named in words.
@Test func outputFoldersAreCreatedOrRefusedWithTheReason() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("adapert-folder-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: root) }
    try OutputFolder.create(root + "/a/b", chosenBy: "--outdir")
    #expect(FileManager.default.fileExists(atPath: root + "/a/b"))
    try OutputFolder.create(root + "/a/b", chosenBy: "--outdir")  // an existing folder is fine
    try Data().write(to: URL(fileURLWithPath: root + "/file"))
    for (path, message) in [(root + "/file", "\(root)/file is a file, not a folder; pass a folder to --outdir"),
                            (root + "/file/sub", "cannot create the folder \(root)/file/sub (\(root)/file is a file); pass a writable --outdir"),
                            ("/proc/adapert/x", "cannot create the folder /proc/adapert/x (")] {
        let error = #expect(throws: AdaPertError.self) { try OutputFolder.create(path, chosenBy: "--outdir") }
        #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
    }
}
