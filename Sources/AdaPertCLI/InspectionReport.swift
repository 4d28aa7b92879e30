import AnnData
import Foundation
import KnowledgeGraph

/// What `adapert inspect` prints: the dataset's inspection and, with `--graph`, the knowledge graph's coverage
/// of its genes and targets (JSON: the inspection's keys plus a `graph` object, docs/cli.md).
struct InspectionReport: Encodable {
    var dataset: DatasetInspection
    var graph: GraphCoverage?

    private enum CodingKeys: String, CodingKey { case graph }

    func encode(to encoder: Encoder) throws {
        try dataset.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(graph, forKey: .graph)
    }

    /// One JSON object, keys sorted.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The inspection's summary, then the graph's coverage and warnings.
    func text() -> String {
        dataset.text() + (graph.map { "\n  graph: " + $0.summary + $0.warnings.map { "\n  warning: " + $0 }.joined() } ?? "")
    }
}
