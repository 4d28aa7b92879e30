import Foundation
import Model

/// Reads a knowledge graph file in any supported layout, chosen by content:
/// `.gmt` files -> `PathwayGraphReader`; a first line `protein1 protein2 ... combined_score` -> `StringReader`
/// (with the optional alias file); anything else -> `EdgeListReader` (CSV/TSV/space, GEARS layout included).
/// The result spans every gene of the file (for GMT: of `universe` when given).
public enum KnowledgeGraphReader {
    public static func read(path: String, stringAliasesPath: String? = nil,
                            pathwayOptions: PathwayGraphReader.Options = .init(),
                            universe: Set<String>? = nil) throws -> GeneGraph {
        if path.lowercased().hasSuffix(".gmt") {
            return try PathwayGraphReader.read(path: path, options: pathwayOptions, universe: universe)
        }
        let file = try TextFile(path: path, what: "graph")
        if let first = file.lines.indices.first(where: { EdgeListReader.isData(file.line($0)) }),
           StringReader.isStringHeader(file.line(first)) {
            return try StringReader.read(path: path, aliasesPath: stringAliasesPath)
        }
        return try EdgeListReader.read(path: path)
    }
}
