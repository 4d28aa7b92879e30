/// The graph prior of model.md step 5 (also the `graph-knn` baseline).
///
/// k(T_p, s) = sum over s's target nodes t of π_p(t), with π_p the personalised PageRank from p's targets:
/// π = restart · e + (1 - restart) · P^T π, e uniform over T_p, P_uv = w_uv / deg_u; a node without edges sends
/// its mass back to e. Summing over targets lets a double perturbation score by either of its genes.
/// The `neighbours` training perturbations with the largest k > 0 (ties: lower index) give
/// r_p = sum_s k dbar_s / sum_s k; with none reachable r_p is the mean of the training deltas considered.
public struct GraphPrior: Sendable {
    public let graph: GeneGraph
    public let trainingTargets: [[Int]]
    public let trainingDeltas: [[Double]]
    public var restart: Double
    public var neighbours: Int

    /// `trainingTargets[s]` are the node indices of training perturbation s; `trainingDeltas[s]` its observed
    /// delta dbar_s over the measured genes.
    public init(graph: GeneGraph, trainingTargets: [[Int]], trainingDeltas: [[Double]],
                restart: Double = 0.3, neighbours: Int = 5) {
        precondition(trainingTargets.count == trainingDeltas.count, "one delta per training perturbation")
        precondition(!trainingDeltas.isEmpty, "the prior needs at least one training perturbation")
        self.graph = graph
        self.trainingTargets = trainingTargets
        self.trainingDeltas = trainingDeltas
        self.restart = restart
        self.neighbours = neighbours
    }

    /// The chosen training perturbations and their normalised weights (summing to 1); empty if none reachable.
    public func neighbourWeights(targets: [Int], leavingOut: Int? = nil) -> [(index: Int, weight: Double)] {
        let ppr = GraphPrior.personalizedPageRank(graph: graph, sources: targets, restart: restart)
        let scored = trainingTargets.indices.compactMap { s -> (Int, Double)? in
            guard s != leavingOut else { return nil }
            let score = trainingTargets[s].reduce(0) { $0 + ppr[$1] }
            return score > 0 ? (s, score) : nil
        }
        let top = scored.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(neighbours)
        let total = top.reduce(0) { $0 + $1.1 }
        return top.map { (index: $0.0, weight: $0.1 / total) }
    }

    /// r_p for a perturbation with target nodes `targets`; `leavingOut` (a training index) drops that training
    /// perturbation from both the neighbours and the fallback mean (training-time leave-one-out).
    public func prior(targets: [Int], leavingOut: Int? = nil) -> [Double] {
        let chosen = neighbourWeights(targets: targets, leavingOut: leavingOut)
        let genes = trainingDeltas[0].count
        var r = [Double](repeating: 0, count: genes)
        if chosen.isEmpty {
            let pool = trainingDeltas.indices.filter { $0 != leavingOut }
            for s in pool { for g in 0..<genes { r[g] += trainingDeltas[s][g] / Double(pool.count) } }
            return r
        }
        for (s, w) in chosen { for g in 0..<genes { r[g] += w * trainingDeltas[s][g] } }
        return r
    }

    /// Personalised PageRank by power iteration until the L1 change is below 1e-12 (at most 500 steps).
    public static func personalizedPageRank(graph: GeneGraph, sources: [Int], restart: Double = 0.3) -> [Double] {
        let n = graph.nodeCount
        precondition(!sources.isEmpty, "PageRank needs at least one source node")
        var e = [Double](repeating: 0, count: n)
        for s in sources { e[s] += 1 / Double(sources.count) }
        let degree = graph.weightedDegreesInDouble()
        var pi = e
        for _ in 0..<500 {
            var next = e.map { restart * $0 }
            var dangling = 0.0
            for u in 0..<n where degree[u] == 0 { dangling += pi[u] }
            for v in 0..<n {
                var s = 0.0
                for k in graph.inOffsets[v]..<graph.inOffsets[v + 1] {
                    let u = Int(graph.sources[k])
                    s += pi[u] * Double(graph.weights[k]) / degree[u]
                }
                next[v] += (1 - restart) * (s + dangling * e[v])
            }
            let change = zip(next, pi).reduce(0) { $0 + abs($1.0 - $1.1) }
            pi = next
            if change < 1e-12 { break }
        }
        return pi
    }
}

/// Initial value of the learned self-knockdown scalar s_self (model.md step 8): the median observed delta of
/// the training perturbations' own measured targets (0 when no training target is measured).
public enum SelfKnockdown {
    /// `measuredTargets[s]` are the gene indices of training perturbation s's targets that are measured genes.
    public static func initialValue(measuredTargets: [[Int]], observedDeltas: [[Double]]) -> Double {
        let values = zip(measuredTargets, observedDeltas).flatMap { targets, delta in targets.map { delta[$0] } }.sorted()
        guard !values.isEmpty else { return 0 }
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }
}
