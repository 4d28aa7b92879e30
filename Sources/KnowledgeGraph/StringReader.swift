import Core
import Model

/// Reads STRING's own layout: a space-separated file with header `protein1 protein2 ... combined_score`
/// (both the plain `protein.links` and the `.detailed`/`.full` variants). Weight = combined_score / 1000.
///
/// With an alias file (STRING's `protein.info`: tab-separated, header `#string_protein_id preferred_name ...`),
/// ids such as `9606.ENSP00000269305` become gene symbols; proteins of one symbol merge, keeping the largest
/// weight. Ids missing from the alias file keep their STRING id.
public enum StringReader {
    /// True when `header` (a file's first line) is STRING's links header.
    public static func isStringHeader(_ header: Substring) -> Bool {
        let fields = Delimiter.whitespace.fields(header)
        return fields.first == "protein1" && fields.contains("combined_score")
    }

    public static func read(path: String, aliasesPath: String? = nil) throws -> GeneGraph {
        let aliases = try aliasesPath.map(readAliases) ?? [:]
        let file = try TextFile(path: path, what: "STRING links")
        guard let headerLine = file.lines.indices.first(where: { EdgeListReader.isData(file.line($0)) }),
              isStringHeader(file.line(headerLine)) else {
            throw AdaPertError("\(path): not STRING's layout; expected the header 'protein1 protein2 combined_score'")
        }
        let header = Delimiter.whitespace.fields(file.line(headerLine))
        let scoreColumn = header.firstIndex(of: "combined_score")!
        var collector = EdgeCollector()
        for i in (headerLine + 1)..<file.lines.count where EdgeListReader.isData(file.line(i)) {
            let fields = Delimiter.whitespace.fields(file.line(i))
            guard fields.count > scoreColumn, let score = Double(fields[scoreColumn]) else {
                throw file.unparsable(line: i, expected: "protein1 protein2 ... combined_score (an integer 0-1000)")
            }
            let a = String(fields[0]), b = String(fields[1])
            collector.add(aliases[a] ?? a, aliases[b] ?? b, weight: score / 1000)
        }
        return try collector.graph(file: path)
    }

    /// string_protein_id -> preferred_name from a `protein.info` file.
    static func readAliases(path: String) throws -> [String: String] {
        let file = try TextFile(path: path, what: "STRING protein.info")
        var map: [String: String] = [:]
        for i in file.lines.indices {
            let line = file.line(i)
            if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else {
                throw file.unparsable(line: i, expected: "string_protein_id<TAB>preferred_name<TAB>...")
            }
            map[String(fields[0])] = String(fields[1])
        }
        return map
    }
}
