/// Breadth-first hop distances from a perturbation's targets, capped: hop(u) = min(BFS distance, K + 1),
/// with K + 1 also for unreachable nodes. Edges are stored both ways, so in-neighbours are neighbours.
public func hopDistances(graph: GeneGraph, targets: [Int], limit k: Int) -> [Int] {
    var hop = [Int](repeating: k + 1, count: graph.nodeCount)
    var frontier: [Int] = []
    for t in targets where hop[t] != 0 {
        hop[t] = 0
        frontier.append(t)
    }
    var distance = 0
    while !frontier.isEmpty && distance < k {
        distance += 1
        var next: [Int] = []
        for v in frontier {
            for e in graph.inOffsets[v]..<graph.inOffsets[v + 1] {
                let u = Int(graph.sources[e])
                if hop[u] > distance { hop[u] = distance; next.append(u) }
            }
        }
        frontier = next
    }
    return hop
}
