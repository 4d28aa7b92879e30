import Foundation

/// The folder an output goes to, created with its parents. Its error names the folder, the reason in words
/// (Foundation's own on Linux is often "(null)") and the option or variable that chose the folder.
public enum OutputFolder {
    public static func create(_ path: String, chosenBy option: String) throws {
        let files = FileManager.default
        var isFolder: ObjCBool = false
        if !files.fileExists(atPath: path, isDirectory: &isFolder) {
            do { try files.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                throw AdaPertError("cannot create the folder \(path) (\(reason(path))); pass a writable \(option)")
            }
        } else if !isFolder.boolValue {
            throw AdaPertError("\(path) is a file, not a folder; pass a folder to \(option)")
        }
        guard files.isWritableFile(atPath: path) else {
            throw AdaPertError("the folder \(path) is not writable; pass a writable \(option)")
        }
    }

    /// Why `path` could not be made: its nearest existing ancestor is a file, or not writable.
    private static func reason(_ path: String) -> String {
        var ancestor = URL(fileURLWithPath: path).standardized
        var isFolder: ObjCBool = false
        while !FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder), ancestor.path != "/" {
            ancestor.deleteLastPathComponent()
        }
        if !isFolder.boolValue { return "\(ancestor.path) is a file" }
        return FileManager.default.isWritableFile(atPath: ancestor.path)
            ? "the file system refused it" : "\(ancestor.path) is not writable"
    }
}
