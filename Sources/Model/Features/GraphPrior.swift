/// The graph prior of docs/model.md step 5 (also the `graph-knn` baseline).
///
/// k(T_p, s) = sum over s's target nodes t of π_p(t), with π_p the personalised PageRank from p's targets:
/// π = restart · e + (1 - restart) · P^T π, e uniform over T_p, P_uv = w_uv / deg_u; a node without edges sends
/// its mass back to e. Summing over targets lets a double perturbation score by either of its genes.
/// The `neighbours` training perturbations with the largest k > 0 (ties: lower index) give
/// r_p = sum_s k dbar_s / sum_s k; with none reachable r_p is the mean of the training deltas considered.
///
/// A perturbation of several targets each of which is also a training single perturbation (GEARS's
/// "combination seen 2") gets the additive prior instead: r_p = sum over t in T_p of dbar_{single t}.
public struct GraphPrior: Sendable {
    public let graph: GeneGraph
    public let trainingTargets: [[Int]]
    public let trainingDeltas: [[Double]]
    public var restart: Double
    public var neighbours: Int
    /// P^T of `graph`, built once for all the perturbations' PageRanks.
    let walk: RandomWalk
    /// The training index of the single perturbation of each target node that has one.
    let singleOfTarget: [Int: Int]

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
        walk = RandomWalk(graph)
        singleOfTarget = Dictionary(trainingTargets.indices.filter { trainingTargets[$0].count == 1 }
            .map { (trainingTargets[$0][0], $0) }, uniquingKeysWith: min)
    }

    /// The training singles whose deltas add up to the additive prior of `targets`, or nil unless `targets` has
    /// at least two distinct nodes and every one of them is a training single other than `leavingOut`.
    public func additiveSingles(targets: [Int], leavingOut: Int? = nil) -> [Int]? {
        let distinct = Array(Set(targets)).sorted()
        guard distinct.count >= 2 else { return nil }
        let singles = distinct.compactMap { singleOfTarget[$0] }.filter { $0 != leavingOut }
        return singles.count == distinct.count ? singles : nil
    }

    /// The chosen training perturbations and their normalised weights (summing to 1); empty if none reachable.
    public func neighbourWeights(targets: [Int], leavingOut: Int? = nil) -> [(index: Int, weight: Double)] {
        let ppr = walk.personalizedPageRank(sources: targets, restart: restart)
        let scored = trainingTargets.indices.compactMap { s -> (Int, Double)? in
            guard s != leavingOut else { return nil }
            let score = trainingTargets[s].reduce(0) { $0 + ppr[$1] }
            return score > 0 ? (s, score) : nil
        }
        let top = scored.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }.prefix(neighbours)
        let total = top.reduce(0) { $0 + $1.1 }
        return top.map { (index: $0.0, weight: $0.1 / total) }
    }

    /// r_p for a perturbation with target nodes `targets`: additive when `additiveSingles` finds the singles,
    /// else from the graph neighbours; `leavingOut` (a training index) drops that training perturbation from
    /// the singles, the neighbours and the fallback mean (training-time leave-one-out).
    public func prior(targets: [Int], leavingOut: Int? = nil) -> [Double] {
        let genes = trainingDeltas[0].count
        var r = [Double](repeating: 0, count: genes)
        if let singles = additiveSingles(targets: targets, leavingOut: leavingOut) {
            for s in singles { for g in 0..<genes { r[g] += trainingDeltas[s][g] } }
            return r
        }
        let chosen = neighbourWeights(targets: targets, leavingOut: leavingOut)
        if chosen.isEmpty {
            let pool = trainingDeltas.indices.filter { $0 != leavingOut }
            for s in pool { for g in 0..<genes { r[g] += trainingDeltas[s][g] / Double(pool.count) } }
            return r
        }
        for (s, w) in chosen { for g in 0..<genes { r[g] += w * trainingDeltas[s][g] } }
        return r
    }

    /// Personalised PageRank of `sources` on `graph` (see `RandomWalk.personalizedPageRank`).
    public static func personalizedPageRank(graph: GeneGraph, sources: [Int], restart: Double = 0.3) -> [Double] {
        RandomWalk(graph).personalizedPageRank(sources: sources, restart: restart)
    }
}

/// The transition operator of a graph's random walk, P_uv = w_uv / deg_u, stored by target node (v's in-edges
/// with their P_uv) so that P^T pi costs one multiply-add per edge; nodes without edges are listed apart.
struct RandomWalk: Sendable {
    let nodeCount: Int
    let inOffsets: [Int]
    let sources: [Int32]
    /// P_uv of each in-edge, in the graph's in-edge order.
    let probabilities: [Double]
    let dangling: [Int]

    init(_ graph: GeneGraph) {
        let degree = graph.weightedDegreesInDouble()
        nodeCount = graph.nodeCount
        inOffsets = graph.inOffsets
        sources = graph.sources
        probabilities = graph.sources.indices.map { k in Double(graph.weights[k]) / degree[Int(graph.sources[k])] }
        dangling = (0..<graph.nodeCount).filter { degree[$0] == 0 }
    }

    /// Power iteration pi <- restart e + (1 - restart) (P^T pi + (sum of dangling pi) e) from pi = e, until the
    /// L1 change is below 1e-12 (at most 500 steps).
    func personalizedPageRank(sources targets: [Int], restart: Double) -> [Double] {
        precondition(!targets.isEmpty, "PageRank needs at least one source node")
        let n = nodeCount
        var e = [Double](repeating: 0, count: n)
        for s in targets { e[s] += 1 / Double(targets.count) }
        var pi = e, next = e
        for _ in 0..<500 {
            var danglingMass = 0.0
            for u in dangling { danglingMass += pi[u] }
            var change = 0.0
            for v in 0..<n {
                var s = 0.0
                for k in inOffsets[v]..<inOffsets[v + 1] { s += pi[Int(sources[k])] * probabilities[k] }
                next[v] = restart * e[v] + (1 - restart) * (s + danglingMass * e[v])
                change += abs(next[v] - pi[v])
            }
            swap(&pi, &next)
            if change < 1e-12 { break }
        }
        return pi
    }
}

/// Initial value of the learned self-knockdown scalar s_self (docs/model.md step 8): the median observed delta of
/// the training perturbations' own measured targets (0 when no training target is measured).
public enum SelfKnockdown {
    /// `measuredTargets[s]` are the gene indices of training perturbation s's targets that are measured genes.
    public static func initialValue(measuredTargets: [[Int]], observedDeltas: [[Double]]) -> Double {
        median(zip(measuredTargets, observedDeltas).flatMap { targets, delta in targets.map { delta[$0] } }) ?? 0
    }
}
