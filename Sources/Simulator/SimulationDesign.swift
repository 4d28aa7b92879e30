import Foundation
import Model

/// Everything about a simulated dataset except its cells, drawn deterministically from the settings' seed.
///
/// Expression model: measured gene g has control expression m_g (expected count at size factor 1, log-normal,
/// median 1) and negative-binomial inverse dispersion theta_g (log-normal around 4). Under perturbation p its
/// expected expression is m_pg = expm1(log1p(m_g) + delta_pg): the true delta is a difference of log1p
/// expected expression, exactly 0 for genes that do not respond. Cell c draws a size factor s_c ~ depth x LogNormal(0, 0.4)
/// and counts NB(mean s_c m_pg, theta_g).
/// `settings.depth` scales every size factor (sequencing depth); the true deltas do not depend on it.
/// Nodes 0..<genes are the measured genes `G0001`...; then the extra nodes `X0001`...
public struct SimulationDesign: Sendable {
    public let settings: SimulationSettings
    public let nodeNames: [String]
    public var geneNames: ArraySlice<String> { nodeNames.prefix(settings.genes) }
    /// The true graph (undirected, a < b).
    public let trueEdges: [(Int, Int, Float)]
    /// The graph given to the user: true edges minus `missingEdges`, plus `noiseEdges` false ones.
    public let observedEdges: [(Int, Int, Float)]
    public let controlMean: [Double]
    public let theta: [Double]
    /// The shared generic program (before per-perturbation scaling).
    public let genericResponse: [Double]
    /// Perturbations sorted by label.
    public let perturbations: [SimulatedPerturbation]
    /// Cells per perturbation (same order) and of the controls.
    public let cellsPerPerturbation: [Int]
    public let controlCells: Int

    public init(settings: SimulationSettings) throws {
        try settings.validate()
        self.settings = settings
        let g = settings.genes, n = g + settings.extraNodes
        func stream(_ k: UInt64) -> SplitMix64 { SplitMix64(seed: settings.seed, stream: k) }
        nodeNames = (0..<g).map { String(format: "G%04d", $0 + 1) } + (0..<settings.extraNodes).map { String(format: "X%04d", $0 + 1) }

        var graphRNG = stream(1)
        let graph = ScaleFreeGraph(nodeCount: n, edgesPerNode: settings.meanDegree / 2, rng: &graphRNG)
        trueEdges = graph.edges
        observedEdges = SimulationDesign.observe(graph.edges, nodeCount: n, settings: settings, rng: &graphRNG)

        var expressionRNG = stream(2)
        controlMean = (0..<g).map { _ in exp(1.0 * expressionRNG.nextNormal()) }
        theta = (0..<g).map { _ in exp(log(4) + 0.5 * expressionRNG.nextNormal()) }

        var effectRNG = stream(3)
        genericResponse = PerturbationEffectGenerator.genericProgram(geneCount: g, rng: &effectRNG)
        let effects = PerturbationEffectGenerator(adjacency: graph.adjacency(), geneCount: g,
                                                  controlMean: controlMean, generic: genericResponse)
        perturbations = SimulationDesign.drawPerturbations(settings, names: nodeNames, effects: effects, rng: &effectRNG)

        var cellRNG = stream(4)
        controlCells = max(2, Int((Double(settings.cells) * 0.12).rounded()))
        cellsPerPerturbation = SimulationDesign.allocate(settings.cells - controlCells, over: perturbations.count, rng: &cellRNG)
    }

    /// Drops a `missingEdges` share of the true edges and adds `noiseEdges` x |true| random false ones
    /// (weights U(0.1, 1)).
    static func observe(_ edges: [(Int, Int, Float)], nodeCount n: Int, settings: SimulationSettings,
                        rng: inout SplitMix64) -> [(Int, Int, Float)] {
        var kept = edges.filter { _ in rng.nextUniform() >= settings.missingEdges }
        var present = Set(edges.map { $0.0 * n + $0.1 })
        let wanted = Int((Double(edges.count) * settings.noiseEdges).rounded())
        let possible = n * (n - 1) / 2 - edges.count
        for _ in 0..<min(wanted, possible) {
            while true {
                let a = rng.int(below: n), b = rng.int(below: n)
                let (u, v) = (min(a, b), max(a, b))
                if u != v && present.insert(u * n + v).inserted {
                    kept.append((u, v, Float(rng.uniform(0.1, 1))))
                    break
                }
            }
        }
        return kept
    }

    static func drawPerturbations(_ s: SimulationSettings, names: [String], effects: PerturbationEffectGenerator,
                                  rng: inout SplitMix64) -> [SimulatedPerturbation] {
        let g = s.genes, n = g + s.extraNodes
        var targets = Array(Array(0..<n).shuffled(using: &rng).prefix(s.perturbations))
        // Some targets among the extra nodes whenever there are extra nodes.
        if s.extraNodes > 0 && !targets.contains(where: { $0 >= g }) { targets[targets.count - 1] = g + rng.int(below: s.extraNodes) }
        var knockdown: [Int: Double] = [:]
        for t in targets { knockdown[t] = rng.uniform(0.4, 0.9) }
        var singles: [(target: Int, specific: [Double], scale: Double, weak: Bool)] = []
        for t in targets {
            let weak = rng.nextUniform() < 0.25
            let (specific, scale) = effects.single(target: t, weak: weak, rng: &rng)
            singles.append((t, specific, scale, weak))
        }
        var result = singles.map { single in
            SimulatedPerturbation(label: names[single.target], condition: names[single.target] + "+ctrl", targets: [single.target],
                                  delta: effects.delta(specific: single.specific, genericScale: single.scale,
                                                       targets: [single.target], knockdown: knockdown),
                                  isWeak: single.weak)
        }
        var pairs: Set<[Int]> = []
        while pairs.count < s.combos {
            let a = rng.int(below: singles.count), b = rng.int(below: singles.count)
            guard a != b, pairs.insert([min(a, b), max(a, b)]).inserted else { continue }
            let (x, y) = (singles[min(a, b)], singles[max(a, b)])
            let interaction = effects.interaction(x.specific, y.specific, rng: &rng)
            let specific = (0..<g).map { x.specific[$0] + y.specific[$0] + interaction[$0] }
            let label = [names[x.target], names[y.target]].sorted().joined(separator: "+")
            result.append(SimulatedPerturbation(label: label, condition: label, targets: [x.target, y.target],
                                                delta: effects.delta(specific: specific, genericScale: max(x.scale, y.scale),
                                                                     targets: [x.target, y.target], knockdown: knockdown),
                                                isWeak: x.weak && y.weak))
        }
        return result.sorted { $0.label < $1.label }
    }

    /// Splits `total` cells over `count` groups with weights U(0.5, 1.5) by largest remainder, at least 2 each.
    static func allocate(_ total: Int, over count: Int, rng: inout SplitMix64) -> [Int] {
        let weights = (0..<count).map { _ in rng.uniform(0.5, 1.5) }
        let sum = weights.reduce(0, +), free = total - 2 * count
        let exact = weights.map { Double(free) * $0 / sum }
        var cells = exact.map { 2 + Int($0) }
        let order = (0..<count).sorted { exact[$0] - floor(exact[$0]) > exact[$1] - floor(exact[$1]) }
        for i in order.prefix(total - cells.reduce(0, +)) { cells[i] += 1 }
        return cells
    }
}
