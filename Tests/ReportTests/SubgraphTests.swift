@testable import AnnData
import Foundation
import FoundationXML
import Model
@testable import Report
import Testing

@Suite struct SubgraphTests {
    /// a - b (0.5), b - c (0.25): four directed edges.
    static let graph = GeneGraph(nodeNames: ["A", "B", "C&D"], undirectedEdges: [(0, 1, 0.5), (1, 2, 0.25)])
    static let subgraph = LearnedSubgraph(
        label: "A", targets: ["A"],
        edges: [.init(source: "A", target: "B", gate: 0.9, weight: 0.5), .init(source: "B", target: "C&D", gate: 0.6, weight: 0.25)],
        hops: ["A": 0, "B": 1, "C&D": 2])

    @Test func staticWeightsAreFoundForEveryDirection() {
        #expect(LearnedSubgraph.weight(Self.graph, from: 0, to: 1) == 0.5)
        #expect(LearnedSubgraph.weight(Self.graph, from: 1, to: 0) == 0.5)
        #expect(LearnedSubgraph.weight(Self.graph, from: 2, to: 1) == 0.25)
    }

    @Test func tsvHasTheFourColumns() {
        let lines = SubgraphFormat.tsv.render(Self.subgraph).split(separator: "\n").map { $0.split(separator: "\t") }
        #expect(lines[0] == ["source", "target", "gate", "weight"])
        #expect(lines.count == 3 && lines.dropFirst().allSatisfy { $0.count == 4 && Float($0[2]) != nil && Float($0[3]) != nil })
        #expect(lines[1] == ["A", "B", "0.9", "0.5"])
    }

    @Test func graphMLIsWellFormedWithNodesEdgesAndGates() throws {
        let xml = SubgraphFormat.graphml.render(Self.subgraph)
        let parser = XMLParser(data: Data(xml.utf8))
        let collector = ElementCollector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        #expect(collector.elements.first?.name == "graphml")
        #expect(collector.elements.first { $0.name == "graph" }?.attributes["edgedefault"] == "directed")
        #expect(collector.elements.filter { $0.name == "node" }.map { $0.attributes["id"] } == ["A", "B", "C&D"])
        let edges = collector.elements.filter { $0.name == "edge" }
        #expect(edges.map { $0.attributes["source"]! + ">" + $0.attributes["target"]! } == ["A>B", "B>C&D"])
        #expect(collector.dataText.contains("0.9") && collector.dataText.contains("0.25"))
    }

    @Test func dotHighlightsTargetsAndWeighsEdgesByGate() {
        let dot = SubgraphFormat.dot.render(Self.subgraph)
        #expect(dot.hasPrefix("digraph \"A\" {") && dot.hasSuffix("}\n"))
        #expect(dot.contains("\"A\" [style=filled"))
        #expect(!dot.contains("\"B\" [style=filled"))
        #expect(dot.contains("\"A\" -> \"B\" [penwidth=3.20"))
        #expect(dot.contains("\"B\" -> \"C&D\" [penwidth=2.30"))
    }

    @Test func neighbourhoodKeepsEdgesAtTheTargetsFirst() {
        let near = Self.subgraph.neighbourhood(maxHop: 0, count: 10)
        #expect(near.edges.map(\.target) == ["B"])
        #expect(Self.subgraph.neighbourhood(maxHop: 1, count: 1).edges.count == 1)
    }
}

/// Element names with attributes, in document order, and the text of <data> elements.
private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [(name: String, attributes: [String: String])] = []
    var dataText: [String] = []
    private var inData = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        elements.append((name, attributes))
        inData = name == "data"
        if inData { dataText.append("") }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inData { dataText[dataText.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        inData = false
    }
}
