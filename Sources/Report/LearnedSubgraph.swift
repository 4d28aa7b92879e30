import Model

/// The perturbation-specific subgraph AdaPert learned for one perturbation: the directed edges u -> v whose
/// inference gate g_uv = clamp(sigmoid(s_uv)(zeta - gamma) + gamma, 0, 1) exceeds a threshold, with the
/// knowledge graph's static weight w_uv, strongest gate first (ties: source, then target name).
public struct LearnedSubgraph: Sendable, Equatable {
    public struct Edge: Sendable, Equatable {
        public var source: String, target: String, gate: Float, weight: Float
    }

    public let label: String
    /// The perturbation's target genes.
    public let targets: [String]
    public let edges: [Edge]
    /// Breadth-first hop distance from the targets (over the static graph, capped at 4) of every node of `edges`.
    public let hops: [String: Int]

    public init(label: String, prediction: Prediction, graph: GeneGraph, targetNodes: [Int], minimumGate: Float) {
        let hopOf = hopDistances(graph: graph, targets: targetNodes, limit: 3)
        var edges: [Edge] = [], hops: [String: Int] = [:]
        for gated in prediction.edges(in: graph, minimumGate: minimumGate) {
            let weight = Self.weight(graph, from: gated.source, to: gated.target)
            edges.append(Edge(source: graph.nodeNames[gated.source], target: graph.nodeNames[gated.target],
                              gate: gated.gate, weight: weight))
            hops[graph.nodeNames[gated.source]] = hopOf[gated.source]
            hops[graph.nodeNames[gated.target]] = hopOf[gated.target]
        }
        for t in targetNodes { hops[graph.nodeNames[t]] = 0 }
        self.label = label
        self.targets = targetNodes.map { graph.nodeNames[$0] }
        self.edges = edges.sorted { a, b in
            a.gate != b.gate ? a.gate > b.gate : (a.source, a.target) < (b.source, b.target)
        }
        self.hops = hops
    }

    init(label: String, targets: [String], edges: [Edge], hops: [String: Int]) {
        (self.label, self.targets, self.edges, self.hops) = (label, targets, edges, hops)
    }

    /// Targets first, then the other endpoints in order of first appearance in `edges`.
    public var nodes: [String] {
        var seen = Set(targets), out = targets
        for edge in edges { for name in [edge.source, edge.target] where seen.insert(name).inserted { out.append(name) } }
        return out
    }

    /// The strongest `count` edges that leave or enter a node within `maxHop` hops of the targets (the
    /// neighbourhood a reader looks at first; maxHop 1: edges at the targets and their direct neighbours).
    public func neighbourhood(maxHop: Int, count: Int) -> LearnedSubgraph {
        let kept = edges.filter { min(hops[$0.source] ?? 99, hops[$0.target] ?? 99) <= maxHop }.prefix(count)
        return LearnedSubgraph(label: label, targets: targets, edges: Array(kept), hops: hops)
    }

    /// w_uv of the in-edge u -> v (sources of a node's in-edges are sorted).
    static func weight(_ graph: GeneGraph, from u: Int, to v: Int) -> Float {
        var low = graph.inOffsets[v], high = graph.inOffsets[v + 1]
        while low < high {
            let mid = (low + high) / 2
            if Int(graph.sources[mid]) < u { low = mid + 1 } else { high = mid }
        }
        precondition(low < graph.inOffsets[v + 1] && Int(graph.sources[low]) == u, "edge \(u) -> \(v) is not in the graph")
        return graph.weights[low]
    }
}
