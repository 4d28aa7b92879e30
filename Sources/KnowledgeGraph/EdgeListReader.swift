import Model

/// Reads plain edge lists, `source<d>target[<d>weight]` per line, including GEARS' `go_essential_all.csv`
/// (`source,target,importance`).
///
/// - Delimiter: sniffed from the first non-empty, non-`#` line: tab if it has one, else comma, else runs of spaces.
/// - Header: present when the line's third field is not a number, or (two columns) when its fields are known
///   column names. The weight column is the one named `weight`, `importance`, `score` or `combined_score`
///   if the header has one, else the third column; two-column files get weight 1.
public enum EdgeListReader {
    static let weightNames: Set<String> = ["weight", "importance", "score", "combined_score"]
    static let endpointNames: Set<String> = ["source", "target", "from", "to", "gene1", "gene2", "gene_a", "gene_b",
                                            "node1", "node2", "protein1", "protein2"]

    public static func read(path: String) throws -> GeneGraph {
        let file = try TextFile(path: path, what: "graph")
        guard let first = (0..<file.lines.count).first(where: { isData(file.line($0)) }) else {
            return try EdgeCollector().graph(file: path)
        }
        let delimiter = Delimiter.sniff(file.line(first))
        let head = delimiter.fields(file.line(first))
        let hasHeader = head.count >= 3 ? Double(head[2]) == nil
            : head.allSatisfy { endpointNames.contains($0.lowercased()) }
        let weightColumn = hasHeader ? (head.firstIndex { weightNames.contains($0.lowercased()) } ?? (head.count >= 3 ? 2 : nil))
            : (head.count >= 3 ? 2 : nil)
        var collector = EdgeCollector()
        for i in (hasHeader ? first + 1 : first)..<file.lines.count where isData(file.line(i)) {
            let fields = delimiter.fields(file.line(i))
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw file.unparsable(line: i, expected: "source\(delimiter.name)target[\(delimiter.name)weight] with two gene names")
            }
            var weight = 1.0
            if let column = weightColumn {
                guard column < fields.count, let w = Double(fields[column]), !w.isNaN else {
                    throw file.unparsable(line: i, expected: "a numeric weight in column \(column + 1)")
                }
                weight = w
            }
            collector.add(String(fields[0]), String(fields[1]), weight: weight)
        }
        return try collector.graph(file: path)
    }

    static func isData(_ line: Substring) -> Bool {
        !line.allSatisfy(\.isWhitespace) && !line.hasPrefix("#")
    }
}

/// The field separator of a delimited text file.
enum Delimiter {
    case tab, comma, whitespace

    static func sniff(_ line: Substring) -> Delimiter {
        line.contains("\t") ? .tab : line.contains(",") ? .comma : .whitespace
    }

    var name: String {
        switch self {
        case .tab: "<TAB>"
        case .comma: ","
        case .whitespace: " "
        }
    }

    /// Fields with surrounding whitespace and double quotes removed.
    func fields(_ line: Substring) -> [Substring] {
        let raw: [Substring] = switch self {
        case .tab: line.split(separator: "\t", omittingEmptySubsequences: false)
        case .comma: line.split(separator: ",", omittingEmptySubsequences: false)
        case .whitespace: line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        }
        return raw.map { field in
            var f = field.drop(while: \.isWhitespace)
            while f.last?.isWhitespace == true { f = f.dropLast() }
            if f.count >= 2, f.first == "\"", f.last == "\"" { f = f.dropFirst().dropLast() }
            return f
        }
    }
}
