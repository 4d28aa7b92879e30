@testable import Inference
import Model
import Testing

/// Which targets leave the model nothing to predict from (`LoadedRun.uninformedNodes`).
@Test func aTargetIsUninformedOnlyWhenUnmeasuredUnconnectedAndNeverTrained() {
    // Nodes 0-1 are measured genes; 2-3 are unmeasured targets joined by an edge; 4 and 5 are unmeasured
    // and without edges, and 5 is the target of a training perturbation.
    let graph = GeneGraph(nodeNames: ["g0", "g1", "t2", "t3", "t4", "t5"], undirectedEdges: [(2, 3, 1)])
    let uninformed = LoadedRun.uninformedNodes([0, 1, 2, 3, 4, 5], graph: graph, measuredGenes: 2, trained: [5])
    #expect(uninformed == [4])
    #expect(LoadedRun.uninformedNodes([5, 1], graph: graph, measuredGenes: 2, trained: [5]).isEmpty,
            "a double of a trained isolated target and a measured gene is predicted by the model")
    #expect(LoadedRun.uninformedNodes([4], graph: graph, measuredGenes: 2, trained: []) == [4])
}
