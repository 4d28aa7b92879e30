import AnnData
import ArgumentParser
import KnowledgeGraph
import Model

/// `adapert inspect`: read and validate a whole .h5ad before a long job, and summarise it (docs/cli.md).
public struct InspectCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Read and validate an .h5ad file, and summarise its cells, genes and perturbations.",
        discussion: """
            Reads the whole file in chunks and checks its structure (sparse indptr and indices, category \
            codes, column lengths, shapes), then reports the matrix encoding, whether it holds raw counts, \
            and the perturbations in canonical form (targets joined by '+' in sorted order, control cells \
            as 'non-targeting'). Exits non-zero with a message naming the problem if the file is invalid.

            Examples:
              adapert inspect data.h5ad
              adapert inspect data.h5ad --json
              adapert inspect screen.h5ad --graph ReactomePathways.gmt
              adapert inspect norman.h5ad --perturbation-key condition --layer counts
              adapert inspect screen.h5ad --control NTC --exclude unassigned,doublet
            """
    )

    @Argument(help: "The .h5ad file.")
    var data: String

    @Option(help: "obs column with the perturbation labels (default: the first of target_gene, perturbation, gene, guide_target, condition).")
    var perturbationKey: String?

    @Option(help: "The label that marks control cells, if it is not one of ctrl, control, non-targeting, NT, ...")
    var control: String?

    @Option(help: "Read layers/NAME instead of X.")
    var layer: String?

    @Option(help: "Comma-separated labels whose cells are excluded and counted.")
    var exclude: String = PerturbationLabels.defaultExcluded.joined(separator: ",")

    @Option(help: "A knowledge graph (CSV/TSV edge list, STRING, GEARS, GMT): report how much of the genes and targets it covers.")
    var graph: String?

    @Flag(help: "Print one JSON object instead of the summary.")
    var json = false

    public init() {}

    public func run() throws {
        let file = try AnnDataFile(path: data, layer: layer)
        let excluded = exclude.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
        let dataset = try DatasetInspection.inspect(file, perturbationKey: perturbationKey, control: control, excluded: excluded)
        var report = InspectionReport(dataset: dataset)
        if let graph {
            let genes = try file.geneSymbols().symbols
            let targets = Set(dataset.perturbations.keys.flatMap { PerturbationLabels.targets(of: $0) }).sorted()
            let knowledge = try KnowledgeGraphReader.read(path: graph, universe: Set(genes).union(targets))
            report.graph = InducedGraph(knowledge: knowledge, measuredGenes: genes, targets: targets).coverage
        }
        print(json ? try report.json() : report.text() + "\n  " + BLASKernel.summary())
    }
}
