@testable import AnnData
@testable import Inference
@testable import Report
import Testing

extension TrainedRunTests {
    /// On the trained tiny run: every gate in (minimum, 1], strongest first, weights from the graph.
    @Test func learnedSubgraphOfATrainedRun() throws {
        let loaded = try TinyRun.loaded()
        let label = try #require(loaded.run.split.test.first { loaded.isolatedTargets(loaded.run.ids([$0])[0]).isEmpty })
        let all = try loaded.learnedSubgraph(label, minimumGate: 0)
        let open = try loaded.learnedSubgraph(label, minimumGate: 0.5)
        #expect(all.edges.allSatisfy { $0.gate > 0 && $0.gate <= 1 } && open.edges.allSatisfy { $0.gate > 0.5 })
        #expect(open.edges.count == all.edges.filter { $0.gate > 0.5 }.count)
        #expect(zip(all.edges, all.edges.dropFirst()).allSatisfy { $0.gate >= $1.gate })
        #expect(all.edges.count <= loaded.run.context.graph.edgeCount && all.targets == PerturbationLabels.targets(of: label))
    }
}
