import Core

/// The knobs of `adapert simulate` (docs/cli.md) and of a config's `data.simulate` section.
public struct SimulationSettings: Sendable, Equatable, Codable {
    /// Total cells, control cells included (about 12% of them).
    public var cells = 20_000
    /// Measured genes.
    public var genes = 500
    /// Graph nodes that are not measured genes (some perturbation targets are among them).
    public var extraNodes = 0
    /// Single-gene perturbations.
    public var perturbations = 60
    /// Double perturbations (pairs of the single targets).
    public var combos = 0
    public var seed: UInt64 = 0
    /// False edges added to graph.tsv, as a share of the true edges.
    public var noiseEdges = 0.3
    /// True edges left out of graph.tsv, as a share.
    public var missingEdges = 0.2
    /// Mean degree of the true graph: the Barabási–Albert graph links every new node to meanDegree / 2
    /// existing ones, so it has about meanDegree / 2 edges per node.
    public var meanDegree = 4
    /// Sequencing depth relative to the default, a factor on every cell's size factor: a cell's expected
    /// total is about 1.8 x genes x depth UMIs, and lower depth means a sparser matrix (depth 1: ~56%
    /// non-zero; 0.05: ~8% at 5,000 genes).
    public var depth = 1.0
    /// Cells generated and written at a time (bounds memory).
    public var chunkCells = 4096

    public init() {}

    /// Config keys (`data.simulate`) in snake_case, like the command's flags.
    enum CodingKeys: String, CodingKey {
        case cells, genes, perturbations, combos, seed
        case extraNodes = "extra_nodes", noiseEdges = "noise_edges", missingEdges = "missing_edges"
        case meanDegree = "mean_degree", depth
        case chunkCells = "chunk_cells"
    }

    /// Throws an error naming the field when the settings cannot make a dataset.
    public func validate() throws {
        func require(_ ok: Bool, _ message: String) throws { if !ok { throw AdaPertError(message) } }
        try require(genes >= 10, "simulate: --genes must be at least 10 (got \(genes))")
        try require(extraNodes >= 0, "simulate: --extra-nodes must be >= 0 (got \(extraNodes))")
        try require(perturbations >= 1 && perturbations <= genes + extraNodes,
                    "simulate: --perturbations must lie in 1...\(genes + extraNodes) (genes + extra nodes; got \(perturbations))")
        let pairs = perturbations * (perturbations - 1) / 2
        try require(combos >= 0 && combos <= pairs, "simulate: --combos must lie in 0...\(pairs) (pairs of the single targets; got \(combos))")
        try require(cells >= 2 * (perturbations + combos + 1),
                    "simulate: --cells must be at least 2 per perturbation and control (\(2 * (perturbations + combos + 1)); got \(cells))")
        try require((0...1).contains(missingEdges), "simulate: --missing-edges must lie in [0, 1] (got \(missingEdges))")
        try require(noiseEdges >= 0, "simulate: --noise-edges must be >= 0 (got \(noiseEdges))")
        try require(meanDegree >= 2 && meanDegree % 2 == 0 && meanDegree / 2 < genes + extraNodes,
                    "simulate: --mean-degree must be even, at least 2 and below 2 x the node count (got \(meanDegree))")
        try require(depth > 0 && depth.isFinite, "simulate: --depth must be positive (got \(depth))")
        try require(chunkCells >= 1, "simulate: the chunk size must be positive")
        // The cells stream to the file in chunks, but every cell's label and name are held until the end.
        try MemoryBudget.require(count: cells, bytesEach: 64, for: "simulate: the labels and names of \(cells) cells",
                                 fix: "ask for fewer cells (--cells, or data.simulate.cells)")
    }
}
