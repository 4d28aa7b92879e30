import Core
import Foundation
import Model

/// Reads a knowledge graph file in any supported layout, chosen by content:
/// `.gmt` files -> `PathwayGraphReader`; a first line `protein1 protein2 ... combined_score` -> `StringReader`
/// (with the optional alias file); anything else -> `EdgeListReader` (CSV/TSV/space, GEARS layout included).
/// The result spans every gene of the file (for GMT: of `universe` when given). An alias file given with a
/// graph that is not STRING is an error rather than silently unused.
public enum KnowledgeGraphReader {
    public static func read(path: String, stringAliasesPath: String? = nil,
                            pathwayOptions: PathwayGraphReader.Options = .init(),
                            universe: Set<String>? = nil) throws -> GeneGraph {
        let isString = try !path.lowercased().hasSuffix(".gmt") && {
            let file = try TextFile(path: path, what: "graph")
            return file.lines.indices.first(where: { EdgeListReader.isData(file.line($0)) })
                .map { StringReader.isStringHeader(file.line($0)) } ?? false
        }()
        if let stringAliasesPath, !isString {
            throw AdaPertError("\(path) is not a STRING links file (header protein1 protein2 ... combined_score), so the "
                + "alias file \(stringAliasesPath) (data.graph_aliases) does not apply; unset it or pass the STRING file")
        }
        if isString { return try StringReader.read(path: path, aliasesPath: stringAliasesPath) }
        if path.lowercased().hasSuffix(".gmt") {
            return try PathwayGraphReader.read(path: path, options: pathwayOptions, universe: universe)
        }
        return try EdgeListReader.read(path: path)
    }
}
