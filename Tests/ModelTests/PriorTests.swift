import Numerics
import Testing
@testable import Model

/// A path 0-1-2-3-4 and an isolated node 5.
private let path = GeneGraph(nodeNames: ["a", "b", "c", "d", "e", "f"],
                             undirectedEdges: [(0, 1, 1), (1, 2, 1), (2, 3, 1), (3, 4, 1)])

@Test func personalizedPageRankIsADistributionDecayingWithDistance() {
    let ppr = GraphPrior.personalizedPageRank(graph: path, sources: [0])
    #expect(ppr.reduce(0, +).isApproximatelyEqual(to: 1, relativeTolerance: 1e-12))
    #expect(ppr[0] > ppr[1] && ppr[1] > ppr[2] && ppr[2] > ppr[3] && ppr[3] > ppr[4])
    #expect(ppr[5] == 0)
    let isolated = GraphPrior.personalizedPageRank(graph: path, sources: [5])
    #expect(isolated[5].isApproximatelyEqual(to: 1, relativeTolerance: 1e-12))
    let two = GraphPrior.personalizedPageRank(graph: path, sources: [0, 4])
    #expect(two[0].isApproximatelyEqual(to: two[4], relativeTolerance: 1e-12), "symmetric sources, symmetric scores")
}

@Test func graphPriorWeighsNearbyTrainingPerturbations() {
    // Training perturbations target b, e and f; their deltas over two genes.
    let prior = GraphPrior(graph: path, trainingTargets: [[1], [4], [5]],
                           trainingDeltas: [[1, 0], [0, 1], [5, 5]], neighbours: 1)
    #expect(prior.prior(targets: [0]) == [1, 0], "a's nearest training target is b")
    #expect(prior.prior(targets: [1], leavingOut: 0) == [0, 1], "leave-one-out skips b itself")
    let both = GraphPrior(graph: path, trainingTargets: [[1], [4], [5]], trainingDeltas: [[1, 0], [0, 1], [5, 5]])
    let weights = both.neighbourWeights(targets: [2])
    #expect(weights.count == 2 && weights[0].index == 0 && weights[0].weight > weights[1].weight)
    #expect(weights.reduce(0) { $0 + $1.weight }.isApproximatelyEqual(to: 1, relativeTolerance: 1e-12))
}

@Test func graphPriorFallsBackToTheTrainingMean() {
    let lonely = GeneGraph(nodeNames: ["a", "b", "c"], undirectedEdges: [(0, 1, 1)])
    let prior = GraphPrior(graph: lonely, trainingTargets: [[0], [1]], trainingDeltas: [[2, 0], [0, 4]])
    #expect(prior.prior(targets: [2]) == [1, 2])
    #expect(prior.prior(targets: [2], leavingOut: 1) == [2, 0])
}

@Test func doublePerturbationScoresBySumOverTargets() {
    let prior = GraphPrior(graph: path, trainingTargets: [[0, 4], [2]], trainingDeltas: [[1], [2]], neighbours: 1)
    // From e, the double (a, e) holds e itself and outranks c.
    #expect(prior.prior(targets: [4]) == [1])
}

@Test func selfKnockdownInitIsTheMedianOwnTargetDelta() {
    let value = SelfKnockdown.initialValue(measuredTargets: [[0], [], [1], [0, 2]],
                                           observedDeltas: [[-2, 0, 0], [9, 9, 9], [0, -1, 0], [-3, 0, -0.5]])
    #expect(value == -1.5)
    #expect(SelfKnockdown.initialValue(measuredTargets: [[]], observedDeltas: [[1]]) == 0)
}

@Test func doubleWithBothSinglesTrainedGetsTheAdditivePrior() {
    // Singles b and d trained, and the double (a, e); the double (b, d) sums b's and d's deltas.
    let prior = GraphPrior(graph: path, trainingTargets: [[1], [3], [0, 4]],
                           trainingDeltas: [[1, 0], [0.5, 2], [9, 9]])
    #expect(prior.additiveSingles(targets: [3, 1]) == [0, 1])
    #expect(prior.prior(targets: [1, 3]) == [1.5, 2])
    #expect(prior.prior(targets: [1, 1]) == prior.prior(targets: [1]), "one distinct target: the graph prior")
    // With c not a training single, or b left out (its own training example), the graph prior is used.
    #expect(prior.additiveSingles(targets: [1, 2]) == nil)
    #expect(prior.additiveSingles(targets: [1, 3], leavingOut: 0) == nil)
    #expect(prior.prior(targets: [1, 2]) != [1.5, 2])
}
