import Foundation

/// A text output (a report, a subgraph, a table): written whole through a temporary file, so a failed write
/// leaves nothing partial; its folder is made first (`OutputFolder`). Errors name the path, the reason in
/// words and the option that chose it.
public enum OutputFile {
    public static func write(_ text: String, to path: String, chosenBy option: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw AdaPertError("\(path) is a folder; pass the path of a file to \(option) (e.g. \(path)/out)")
        }
        try OutputFolder.create(URL(fileURLWithPath: path).deletingLastPathComponent().path, chosenBy: option)
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw AdaPertError("cannot write \(path) (the file system refused it: out of space, or a read-only "
                + "file in the way); pass a writable \(option)")
        }
    }
}
