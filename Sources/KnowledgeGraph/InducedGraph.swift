import Model

/// Which graph nodes a run uses (config `data.graph_nodes`).
public enum GraphNodeSelection: Sendable, Equatable {
    /// Measured genes and perturbation targets.
    case induced
    /// Also every gene of the knowledge graph within K hops of those.
    case kHop(Int)
}

/// How much of a run's genes the knowledge graph knows.
public struct GraphCoverage: Sendable, Equatable, Encodable {
    public var measuredGenes: Int
    public var measuredInGraph: Int
    public var targets: Int
    public var targetsInGraph: Int
    /// Targets that are not graph nodes (they become isolated nodes), sorted.
    public var targetsMissing: [String]
    /// Nodes added by `kHop` (neither measured nor targets).
    public var extraNodes: Int
    /// Undirected edges of the run's graph.
    public var edges: Int
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case edges, warnings
        case measuredGenes = "measured_genes", measuredInGraph = "measured_in_graph", targets
        case targetsInGraph = "targets_in_graph", targetsMissing = "targets_missing", extraNodes = "extra_nodes"
    }

    /// One line for people.
    public var summary: String {
        "\(measuredInGraph) of \(measuredGenes) measured genes and \(targetsInGraph) of \(targets) targets are graph nodes; \(edges) edges among them"
    }
}

/// The run's graph: nodes 0..<G are the measured genes in gene order, then the targets that are not measured
/// genes (sorted), then `kHop` extras (sorted); its edges are the knowledge graph's edges between these nodes.
public struct InducedGraph: Sendable {
    public let graph: GeneGraph
    public let measuredGeneCount: Int
    public let coverage: GraphCoverage

    /// Node index of each name.
    public func nodeIndex() -> [String: Int] {
        Dictionary(uniqueKeysWithValues: graph.nodeNames.enumerated().map { ($1, $0) })
    }

    public init(knowledge: GeneGraph, measuredGenes: [String], targets: [String], selection: GraphNodeSelection = .induced) {
        let known = Dictionary(uniqueKeysWithValues: knowledge.nodeNames.enumerated().map { ($1, $0) })
        let measuredSet = Set(measuredGenes)
        let targetSet = Set(targets)
        var names = measuredGenes
        names += targetSet.subtracting(measuredSet).sorted()
        var extras: [String] = []
        if case .kHop(let k) = selection, k > 0 {
            let hop = hopDistances(graph: knowledge, targets: names.compactMap { known[$0] }, limit: k)
            let base = Set(names)
            extras = hop.indices.filter { hop[$0] <= k }
                .map { knowledge.nodeNames[$0] }.filter { !base.contains($0) }.sorted()
            names += extras
        }
        let knowledgeToRun = Dictionary(uniqueKeysWithValues: names.enumerated().compactMap { i, name in
            known[name].map { ($0, i) }
        })
        var edges: [(Int, Int, Float)] = []
        for (kv, v) in knowledgeToRun {
            for e in knowledge.inOffsets[kv]..<knowledge.inOffsets[kv + 1] {
                if let u = knowledgeToRun[Int(knowledge.sources[e])], u < v { edges.append((u, v, knowledge.weights[e])) }
            }
        }
        graph = GeneGraph(nodeNames: names, undirectedEdges: edges)
        measuredGeneCount = measuredGenes.count
        coverage = GraphCoverage.report(measured: measuredGenes, targets: targetSet.sorted(), known: known,
                                        extraNodes: extras.count, edges: edges.count)
    }
}

extension GraphCoverage {
    static func report(measured: [String], targets: [String], known: [String: Int], extraNodes: Int, edges: Int) -> GraphCoverage {
        let measuredIn = measured.filter { known[$0] != nil }.count
        let missing = targets.filter { known[$0] == nil }
        var warnings: [String] = []
        if measured.count > 0 && measuredIn * 2 < measured.count {
            warnings.append("only \(measuredIn) of \(measured.count) measured genes are in the graph; "
                + "check that graph and data use the same gene symbols")
        }
        if !missing.isEmpty {
            warnings.append("\(missing.count) of \(targets.count) targets are not in the graph and become isolated nodes: "
                + missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", ..." : ""))
        }
        if edges == 0 {
            warnings.append("the graph has no edges between the run's genes; the model then sees no graph")
        }
        return GraphCoverage(measuredGenes: measured.count, measuredInGraph: measuredIn, targets: targets.count,
                             targetsInGraph: targets.count - missing.count, targetsMissing: missing,
                             extraNodes: extraNodes, edges: edges, warnings: warnings)
    }
}
