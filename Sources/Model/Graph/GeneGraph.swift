/// A weighted gene knowledge graph over N nodes (measured genes, perturbation targets, optional extra
/// genes), stored as in-edge CSR: for node v, its in-neighbours are
/// `sources[inOffsets[v] ..< inOffsets[v + 1]]` with weights `weights[...]` in (0, 1].
///
/// Every undirected edge {u, v} is stored in both directions (u -> v and v -> u); there are no self-loops
/// and no duplicate edges. Node degree deg_v = sum of the weights of v's in-edges.
public struct GeneGraph: Equatable, Sendable {
    public let nodeNames: [String]
    public let inOffsets: [Int]
    public let sources: [Int32]
    public let weights: [Float]

    public var nodeCount: Int { nodeNames.count }
    /// Number of directed edges (twice the number of undirected ones).
    public var edgeCount: Int { sources.count }

    public init(nodeNames: [String], inOffsets: [Int], sources: [Int32], weights: [Float]) {
        precondition(inOffsets.count == nodeNames.count + 1, "inOffsets must have nodeCount + 1 entries")
        precondition(sources.count == weights.count, "sources and weights must have the same length")
        precondition(inOffsets.last == sources.count, "inOffsets must end at the edge count")
        self.nodeNames = nodeNames
        self.inOffsets = inOffsets
        self.sources = sources
        self.weights = weights
    }

    /// Builds the graph from undirected weighted edges between node indices: symmetrised, self-loops
    /// dropped, duplicates merged keeping the largest weight, in-edges of each node sorted by source.
    public init(nodeNames: [String], undirectedEdges: [(Int, Int, Float)]) {
        var best: [Int64: Float] = [:]
        let n = Int64(nodeNames.count)
        for (a, b, w) in undirectedEdges where a != b {
            precondition(w > 0 && w <= 1, "edge weights must lie in (0, 1]")
            for (u, v) in [(a, b), (b, a)] {
                let key = Int64(v) * n + Int64(u)
                best[key] = max(best[key] ?? 0, w)
            }
        }
        let keys = best.keys.sorted()
        var offsets = [Int](repeating: 0, count: nodeNames.count + 1)
        var sources = [Int32](); sources.reserveCapacity(keys.count)
        var weights = [Float](); weights.reserveCapacity(keys.count)
        for key in keys {
            offsets[Int(key / n) + 1] += 1
            sources.append(Int32(key % n))
            weights.append(best[key]!)
        }
        for v in 0..<nodeNames.count { offsets[v + 1] += offsets[v] }
        self.init(nodeNames: nodeNames, inOffsets: offsets, sources: sources, weights: weights)
    }

    /// reverse[e] = the index of v -> u for edge e = u -> v, so that a pass can visit the out-edges of a
    /// node through its in-edge list (a gather with sequential writes instead of a scatter); nil when some
    /// edge is stored in one direction only. With in-edges sorted by source (as `init(nodeNames:undirectedEdges:)`
    /// builds them) the out-edges of u come in increasing target order, the order of a scatter over v.
    public func reverseEdges() -> [Int]? {
        var reverse = [Int](repeating: 0, count: edgeCount)
        for v in 0..<nodeCount {
            for e in inOffsets[v]..<inOffsets[v + 1] {
                let u = Int(sources[e])
                // Find v among u's in-edge sources (sorted when built from undirected edges; else scan).
                guard let back = (inOffsets[u]..<inOffsets[u + 1]).first(where: { sources[$0] == Int32(v) })
                else { return nil }
                reverse[e] = back
            }
        }
        return reverse
    }
}
