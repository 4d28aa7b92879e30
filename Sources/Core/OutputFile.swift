import Foundation

/// A text output (a report, a subgraph, a table): written whole through a temporary file, so a failed write
/// leaves nothing partial; its folder is made first (`OutputFolder`). Errors name the path, the reason in
/// words and the option that chose it.
public enum OutputFile {
    /// Refuses a `path` that is a folder: writing replaces what is at `path`, and a folder passed by mistake
    /// (e.g. a run directory as --output) must not be lost. `file` says what belongs there, `example` a name.
    public static func requireNotFolder(_ path: String, file: String, example: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw AdaPertError("\(path) is a folder; pass the path of \(file) (e.g. \(path)/\(example))")
        }
    }

    public static func write(_ text: String, to path: String, chosenBy option: String) throws {
        try requireNotFolder(path, file: "a file to \(option)", example: "out")
        try OutputFolder.create(URL(fileURLWithPath: path).deletingLastPathComponent().path, chosenBy: option)
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw AdaPertError("cannot write \(path) (the file system refused it: out of space, or a read-only "
                + "file in the way); pass a writable \(option)")
        }
    }
}
