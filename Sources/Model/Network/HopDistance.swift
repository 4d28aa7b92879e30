/// Breadth-first hop distances from a perturbation's targets, capped: hop(u) = min(BFS distance, K + 1),
/// with K + 1 also for unreachable nodes. Edges are stored both ways, so in-neighbours are neighbours.
public func hopDistances(graph: GeneGraph, targets: [Int], limit k: Int) -> [Int] {
    var workspace = HopWorkspace()
    workspace.fill(graph: graph, targets: [targets], limit: k, enabled: true)
    return workspace.hops
}

/// Hop distances of a batch, [P, N] (row p for perturbation p), kept across passes so that steps of one
/// shape reuse the same storage (the BFS queues keep their capacity too).
struct HopWorkspace {
    private(set) var hops: [Int] = []
    private var frontier: [Int] = [], next: [Int] = []

    /// Row p = hopDistances(targets[p]); all zeros with hop_bias off (one shared bias slot).
    mutating func fill(graph: GeneGraph, targets: [[Int]], limit k: Int, enabled: Bool) {
        let n = graph.nodeCount, count = targets.count * n
        if hops.count < count { hops = [Int](repeating: 0, count: count) }
        for (p, batchTargets) in targets.enumerated() {
            let row = p * n
            guard enabled else {
                for u in 0..<n { hops[row + u] = 0 }
                continue
            }
            for u in 0..<n { hops[row + u] = k + 1 }
            frontier.removeAll(keepingCapacity: true)
            for t in batchTargets where hops[row + t] != 0 {
                hops[row + t] = 0
                frontier.append(t)
            }
            var distance = 0
            while !frontier.isEmpty && distance < k {
                distance += 1
                next.removeAll(keepingCapacity: true)
                for v in frontier {
                    for e in graph.inOffsets[v]..<graph.inOffsets[v + 1] {
                        let u = Int(graph.sources[e])
                        if hops[row + u] > distance { hops[row + u] = distance; next.append(u) }
                    }
                }
                swap(&frontier, &next)
            }
        }
    }
}
