import ArgumentParser
import Core
import DistTrain
import Foundation
import Inference
import Logging
import Report

extension SubgraphFormat: ExpressibleByArgument {}

/// `adapert subgraph`: the perturbation-specific subgraph a trained run learned (its inference edge gates).
public struct SubgraphCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "subgraph",
        abstract: "Export the subgraph a run learned for one perturbation: directed edges with their gate values.",
        discussion: """
            Runs the network once for the perturbation with the checkpoint's best parameters and writes every \
            directed edge (source gene -> target gene) whose inference gate exceeds --min-gate, strongest first, \
            with the knowledge graph's static weight. tsv: columns source, target, gate, weight; graphml: for \
            Cytoscape, networkx or igraph; dot: for Graphviz (pen width by gate, the perturbation's targets filled).

            Examples:
              adapert subgraph --run runs/demo --perturbation STAT1
              adapert subgraph --run runs/demo --perturbation CBL+CNN1 --format dot --output cbl.dot && dot -Tsvg cbl.dot > cbl.svg
              adapert subgraph --run runs/demo --perturbation STAT1 --format graphml --min-gate 0 --output stat1.graphml
            """
    )

    @Option(name: .customLong("run"), help: "Run directory made by 'adapert train'.") var runPath: String
    @Option(help: "Perturbation label of the screen, any split (e.g. STAT1 or CBL+CNN1).")
    var perturbation: String
    @Option(help: "tsv, graphml or dot.") var format: SubgraphFormat = .tsv
    @Option(help: "Output file (default: standard output).") var output: String?
    @Option(help: "Keep edges whose gate exceeds this value (gates lie in [0, 1]).") var minGate: Float = 0.5
    @Option(help: "Checkpoint to use (default: the newest in the run).") var checkpoint: String?

    public init() {}

    public func validate() throws {
        guard (0...1).contains(minGate) else { throw ValidationError("--min-gate must lie in [0, 1]; gates are in [0, 1]") }
    }

    public func run() throws {
        let comm = try MPICommunicator.world()
        comm.requireOneProcess("subgraph")
        let logger = Logger.command("adapert.subgraph", rank: comm.rank)
        do {
            let loaded = try LoadedRun.open(runPath, checkpointPath: checkpoint, comm: comm, logger: logger)
            let subgraph = try loaded.learnedSubgraph(perturbation, minimumGate: minGate)
            let text = format.render(subgraph)
            if let output {
                try OutputFile.write(text, to: output, chosenBy: "--output")
                logger.info("\(subgraph.label): \(subgraph.edges.count) edges with gate > \(minGate) -> \(output)")
            } else {
                print(text, terminator: "")
            }
        } catch {
            comm.failFast(error)
        }
    }
}
