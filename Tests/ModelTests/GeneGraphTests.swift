import Testing
@testable import Model

@Test func graphIsSymmetrisedDeduplicatedWithoutSelfLoops() {
    let g = GeneGraph(nodeNames: ["A", "B", "C", "D"],
                      undirectedEdges: [(0, 1, 0.5), (1, 0, 0.8), (2, 2, 1.0), (1, 2, 0.25)])
    #expect(g.edgeCount == 4)
    #expect(Array(g.sources[g.inOffsets[1]..<g.inOffsets[2]]) == [0, 2])
    #expect(Array(g.weights[g.inOffsets[1]..<g.inOffsets[2]]) == [0.8, 0.25])
}
