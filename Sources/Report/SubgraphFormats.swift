import Foundation

/// Text forms of a `LearnedSubgraph`: TSV for tables and scripts, GraphML for Cytoscape/networkx/igraph,
/// DOT for Graphviz (edge pen width 0.5 + 3 g, the perturbation's targets filled).
public enum SubgraphFormat: String, CaseIterable, Sendable {
    case tsv, graphml, dot

    public func render(_ subgraph: LearnedSubgraph) -> String {
        switch self {
        case .tsv: return Self.tsv(subgraph)
        case .graphml: return Self.graphML(subgraph)
        case .dot: return Self.dot(subgraph)
        }
    }

    /// Header `source target gate weight`, tab-separated, one row per directed edge.
    static func tsv(_ s: LearnedSubgraph) -> String {
        (["source\ttarget\tgate\tweight"] + s.edges.map { "\($0.source)\t\($0.target)\t\($0.gate)\t\($0.weight)" })
            .joined(separator: "\n") + "\n"
    }

    static func graphML(_ s: LearnedSubgraph) -> String {
        let targets = Set(s.targets)
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#,
            #"  <key id="is_target" for="node" attr.name="is_target" attr.type="boolean"/>"#,
            #"  <key id="hop" for="node" attr.name="hop" attr.type="int"/>"#,
            #"  <key id="gate" for="edge" attr.name="gate" attr.type="double"/>"#,
            #"  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#,
            "  <graph id=\"\(xml(s.label))\" edgedefault=\"directed\">",
        ]
        for node in s.nodes {
            lines.append("    <node id=\"\(xml(node))\"><data key=\"is_target\">\(targets.contains(node))</data>"
                + "<data key=\"hop\">\(s.hops[node] ?? 4)</data></node>")
        }
        for e in s.edges {
            lines.append("    <edge source=\"\(xml(e.source))\" target=\"\(xml(e.target))\"><data key=\"gate\">\(e.gate)</data>"
                + "<data key=\"weight\">\(e.weight)</data></edge>")
        }
        return (lines + ["  </graph>", "</graphml>"]).joined(separator: "\n") + "\n"
    }

    static func dot(_ s: LearnedSubgraph) -> String {
        let targets = Set(s.targets)
        var lines = ["digraph \(quoted(s.label)) {", "  node [shape=ellipse, fontname=\"Helvetica\"];"]
        for node in s.nodes {
            let style = targets.contains(node) ? " [style=filled, fillcolor=\"#e8743b\", fontcolor=white, penwidth=2]" : ""
            lines.append("  \(quoted(node))\(style);")
        }
        for e in s.edges {
            let width = String(format: "%.2f", 0.5 + 3 * Double(e.gate))
            lines.append("  \(quoted(e.source)) -> \(quoted(e.target)) [penwidth=\(width), label=\"\(String(format: "%.2f", Double(e.gate)))\", static_weight=\(e.weight)];")
        }
        return (lines + ["}"]).joined(separator: "\n") + "\n"
    }

    /// XML-escaped text (also used by the report's HTML and SVG).
    static func xml(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    static func quoted(_ id: String) -> String {
        "\"" + id.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
