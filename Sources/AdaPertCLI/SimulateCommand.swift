import ArgumentParser
import Core
import Simulator

/// `adapert simulate`: a synthetic Perturb-seq screen with a known answer (docs/cli.md).
public struct SimulateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate a synthetic Perturb-seq dataset, its knowledge graph and the true effects.",
        discussion: """
        Writes DIR/data.h5ad (raw counts; obs perturbation, condition, is_control), DIR/graph.tsv (the true \
        gene graph with some edges dropped and false ones added) and DIR/truth.h5 (true delta per perturbation \
        in log1p space, responding genes, the true graph). The same --seed gives the same files.

        Examples:
          adapert simulate --output sim
          adapert simulate --output big --cells 1000000 --genes 2000 --perturbations 300 --combos 50
          adapert simulate --output hidden --extra-nodes 200 --missing-edges 0.4 --noise-edges 0.5 --seed 7
        """
    )

    @Option(help: "Output folder (created if missing).") var output: String
    @Option(help: "Total cells, control cells included (about 12%).") var cells = 20_000
    @Option(help: "Measured genes.") public var genes = 500
    @Option(name: .customLong("extra-nodes"), help: "Graph nodes that are not measured genes.") var extraNodes = 0
    @Option(help: "Single-gene perturbations.") var perturbations = 60
    @Option(help: "Double perturbations (pairs of the single targets).") var combos = 0
    @Option(help: "Random seed.") var seed: UInt64 = 0
    @Option(name: .customLong("noise-edges"), help: "False edges added to graph.tsv, as a share of the true edges.")
    var noiseEdges = 0.3
    @Option(name: .customLong("missing-edges"), help: "Share of true edges left out of graph.tsv.")
    var missingEdges = 0.2
    @Option(name: .customLong("mean-degree"), help: "Mean degree of the true graph (even; about half as many edges as nodes x degree).")
    var meanDegree = 4
    @Option(help: "Sequencing depth relative to the default (a factor on the size factors; 0.05 gives ~8% non-zero).")
    var depth = 1.0

    public init() {}

    var settings: SimulationSettings {
        var s = SimulationSettings()
        s.cells = cells
        s.genes = genes
        s.extraNodes = extraNodes
        s.perturbations = perturbations
        s.combos = combos
        s.seed = seed
        s.noiseEdges = noiseEdges
        s.missingEdges = missingEdges
        s.meanDegree = meanDegree
        s.depth = depth
        return s
    }

    public func validate() throws {
        do { try settings.validate() } catch let error as AdaPertError { throw ValidationError(error.message) }
    }

    public func run() throws {
        let design = try Simulator.run(settings: settings, directory: output)
        let weak = design.perturbations.filter(\.isWeak).count
        print("simulate: \(cells) cells (\(design.controlCells) control) x \(genes) genes, "
            + "\(design.perturbations.count) perturbations (\(weak) weak), \(design.observedEdges.count) graph edges -> \(output)")
    }
}
