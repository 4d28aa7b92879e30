import Model

/// A Barabási–Albert graph: from a triangle, every new node links to `m` distinct existing nodes chosen with
/// probability proportional to their degree (by drawing from the list of edge endpoints). Node ids are then
/// shuffled so that hubs land on random genes; weights are uniform in [0.2, 1].
struct ScaleFreeGraph {
    let nodeCount: Int
    /// Undirected edges (a < b) with weights.
    let edges: [(Int, Int, Float)]

    init(nodeCount n: Int, edgesPerNode m: Int = 2, rng: inout SplitMix64) {
        var endpoints: [Int] = []
        var raw: [(Int, Int)] = []
        let start = min(n, m + 1)
        for a in 0..<start { for b in (a + 1)..<start { raw.append((a, b)); endpoints += [a, b] } }
        for v in start..<max(start, n) {
            var chosen: Set<Int> = []
            while chosen.count < m { chosen.insert(endpoints[rng.int(below: endpoints.count)]) }
            for u in chosen.sorted() { raw.append((u, v)); endpoints += [u, v] }
        }
        var permutation = Array(0..<n)
        permutation.shuffle(using: &rng)
        edges = raw.map { a, b in
            let (u, v) = (permutation[a], permutation[b])
            return (min(u, v), max(u, v), Float(rng.uniform(0.2, 1)))
        }
        nodeCount = n
    }

    /// Neighbour lists with weights.
    func adjacency() -> [[(Int, Double)]] {
        var adjacency = [[(Int, Double)]](repeating: [], count: nodeCount)
        for (a, b, w) in edges {
            adjacency[a].append((b, Double(w)))
            adjacency[b].append((a, Double(w)))
        }
        return adjacency
    }
}
