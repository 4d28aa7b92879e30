import Core
import Foundation

/// A text file read whole and split into lines, with the errors every graph reader shares.
struct TextFile {
    let path: String
    let lines: [Substring]

    init(path: String, what: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AdaPertError("\(what) file \(path) not found; check the path (relative paths resolve against the config's folder)")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw AdaPertError("\(what) file \(path) cannot be read as UTF-8 text; check that it is a plain-text file")
        }
        self.path = path
        // Swift reads "\r\n" as one Character, so Windows line ends need their own separator test.
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// Line `i` (0-based), without its line end.
    func line(_ i: Int) -> Substring { lines[i] }

    func unparsable(line i: Int, expected: String) -> AdaPertError {
        AdaPertError("\(path):\(i + 1): cannot parse '\(line(i).prefix(80))'; expected \(expected)")
    }
}
