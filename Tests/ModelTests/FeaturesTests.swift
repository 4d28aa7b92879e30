import Numerics
import Testing
@testable import Model

/// Householder reflection H = I - 2 v v^T / |v|^2, an orthogonal matrix with known columns (row-major).
private func householder(_ n: Int) -> [Double] {
    let v: [Double] = (0..<n).map { i -> Double in Double(i % 5) + 0.5 * Double(i) + 1 }
    let norm2: Double = v.reduce(0) { $0 + $1 * $1 }
    var h = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0..<n { h[i * n + j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / norm2 }
    }
    return h
}

/// PCA input whose covariance is exactly H diag(lambda) H^T.
private func pcaInput(lambda: [Double], n: Double) -> (sum: [Double], cross: [Double], h: [Double]) {
    let g = lambda.count, h = householder(g)
    let sum = (0..<g).map { Double($0) * 0.3 + 1 }
    var cross = [Double](repeating: 0, count: g * g)
    for i in 0..<g {
        for j in 0..<g {
            let cov = (0..<g).reduce(0.0) { $0 + h[i * g + $1] * lambda[$1] * h[j * g + $1] }
            cross[i * g + j] = (n - 1) * cov + sum[i] * sum[j] / n
        }
    }
    return (sum, cross, h)
}

private func expectColumnsMatch(_ got: [Double], k: Int, expected h: [Double], g: Int, tolerance: Double) {
    for j in 0..<k {
        let dot = (0..<g).reduce(0.0) { $0 + got[$1 * k + j] * h[$1 * g + j] }
        #expect(abs(abs(dot) - 1) < tolerance, "component \(j): |<loading, truth>| = \(abs(dot))")
    }
}

@Test func pcaRecoversAKnownDecomposition() {
    let lambda = [5, 3, 2, 1, 0.5, 0.1]
    let input = pcaInput(lambda: lambda, n: 10)
    let pca = PCALoadings(count: 10, sum: input.sum, crossProduct: input.cross, components: 32)
    #expect(pca.componentCount == 6)
    for (a, b) in zip(pca.explainedVariance, lambda) { #expect(a.isApproximatelyEqual(to: b, relativeTolerance: 1e-10)) }
    expectColumnsMatch(pca.loadings, k: 6, expected: input.h, g: 6, tolerance: 1e-10)
}

@Test func pcaByIterationOnALargerProblem() {
    let g = 80
    let lambda = (0..<g).map { 10 / Double($0 + 1) }
    let input = pcaInput(lambda: lambda, n: 500)
    let pca = PCALoadings(count: 500, sum: input.sum, crossProduct: input.cross, components: 4)
    #expect(pca.componentCount == 4)
    for j in 0..<4 { #expect(pca.explainedVariance[j].isApproximatelyEqual(to: lambda[j], relativeTolerance: 1e-8)) }
    expectColumnsMatch(pca.loadings, k: 4, expected: input.h, g: g, tolerance: 1e-8)
}

@Test func pcaKeepsFewerComponentsWithFewCells() {
    let input = pcaInput(lambda: [2, 1, 0.5, 0.25], n: 3)
    #expect(PCALoadings(count: 3, sum: input.sum, crossProduct: input.cross).componentCount == 2)
}

/// Randomised PCA from Gram products of the rows against exact PCA of their cross product, on 300 cells x
/// 60 genes with 5 strong directions over noise: same variances, same sign-fixed loadings.
@Test func randomizedPCAAgreesWithTheExactOne() {
    let n = 300, g = 60, k = 5
    var rng = SplitMix64(seed: 3)
    let directions = (0..<k).map { _ in (0..<g).map { _ in rng.nextNormal() } }
    let rows: [[Double]] = (0..<n).map { _ in
        let scores = (0..<k).map { j in Double(8 - j) * rng.nextNormal() }
        return (0..<g).map { i in 2 + (0..<k).reduce(0.3 * rng.nextNormal()) { $0 + scores[$1] * directions[$1][i] } }
    }
    let sum = (0..<g).map { i in rows.reduce(0.0) { $0 + $1[i] } }
    var cross = [Double](repeating: 0, count: g * g)
    for row in rows { for i in 0..<g { for j in 0..<g { cross[i * g + j] += row[i] * row[j] } } }
    let exact = PCALoadings(count: Double(n), sum: sum, crossProduct: cross, components: k)
    let mean = sum.map { $0 / Double(n) }
    let randomized = PCALoadings(count: Double(n), geneCount: g, components: k) { x, y, b in
        for i in 0..<(g * b) { y[i] = 0 }
        for row in rows {
            for c in 0..<b {
                let t = (0..<g).reduce(0.0) { $0 + (row[$1] - mean[$1]) * x[c * g + $1] }
                for i in 0..<g { y[c * g + i] += (row[i] - mean[i]) * t }
            }
        }
    }
    #expect(randomized.componentCount == k)
    for j in 0..<k {
        #expect(randomized.explainedVariance[j].isApproximatelyEqual(to: exact.explainedVariance[j], relativeTolerance: 1e-8))
    }
    for (a, b) in zip(randomized.loadings, exact.loadings) { #expect(abs(a - b) < 1e-6) }
}

/// A ring of 40 nodes with chords, a separate triangle and an isolated node.
private func featuresTestGraph() -> GeneGraph {
    var edges: [(Int, Int, Float)] = (0..<40).map { ($0, ($0 + 1) % 40, 1) }
    edges += stride(from: 0, to: 40, by: 7).map { ($0, ($0 + 13) % 40, 0.5) }
    edges += [(40, 41, 0.3), (41, 42, 0.9), (40, 42, 0.6)]
    return GeneGraph(nodeNames: (0..<44).map { "g\($0)" }, undirectedEdges: edges)
}

@Test func spectralEmbeddingSolvesTheEigenEquation() {
    let graph = featuresTestGraph()
    let embedding = SpectralEmbedding(graph: graph, dimensions: 6)
    let n = graph.nodeCount, k = 6, degree = graph.weightedDegreesInDouble()
    #expect(embedding.eigenvalues[0].isApproximatelyEqual(to: 1, absoluteTolerance: 1e-9))
    #expect(embedding.eigenvalues[1].isApproximatelyEqual(to: 1, absoluteTolerance: 1e-9), "two components")
    for j in 0..<k {
        var residual = 0.0, norm = 0.0
        for v in 0..<n {
            var av = 0.0
            for e in graph.inOffsets[v]..<graph.inOffsets[v + 1] {
                let u = Int(graph.sources[e])
                av += Double(graph.weights[e]) / (degree[u] * degree[v]).squareRoot() * embedding.vectors[u * k + j]
            }
            let difference = av - embedding.eigenvalues[j] * embedding.vectors[v * k + j]
            residual += difference * difference
            norm += embedding.vectors[v * k + j] * embedding.vectors[v * k + j]
        }
        // The solver stops at residual 1e-6 on M = (I + A) / 2, i.e. 2e-6 on A.
        #expect(residual.squareRoot() < 2e-6, "eigenvector \(j) residual \(residual.squareRoot())")
        #expect(norm.isApproximatelyEqual(to: 1, relativeTolerance: 1e-9))
    }
    #expect(embedding.vectors == SpectralEmbedding(graph: graph, dimensions: 6).vectors, "deterministic")
}

@Test func nodeFeaturesPlaceLoadingsAtMeasuredNodesOnly() {
    let graph = featuresTestGraph()
    let input = pcaInput(lambda: [3, 2, 1], n: 20)
    let pca = PCALoadings(count: 20, sum: input.sum, crossProduct: input.cross)
    let features = NodeFeatures(pca: pca, spectral: SpectralEmbedding(graph: graph, dimensions: 4), measuredNode: [5, 0, 9])
    #expect(features.width == 7 && features.nodeCount == 44)
    #expect(Double(features.values[5 * 7 + 1]) == Double(Float(pca.loadings[0 * 3 + 1])))
    #expect(features.values[1 * 7 ..< 1 * 7 + 3].allSatisfy { $0 == 0 }, "unmeasured node has no PCA part")
}

@Test func jacobiDiagonalisesASymmetricMatrix() {
    let a: [Double] = [4, 1, 2, 1, 3, 0.5, 2, 0.5, 1]
    let (values, vectors) = JacobiEigen.decompose(a, n: 3)
    #expect(values[0] >= values[1] && values[1] >= values[2])
    for j in 0..<3 {
        for i in 0..<3 {
            let av = (0..<3).reduce(0.0) { $0 + a[i * 3 + $1] * vectors[j * 3 + $1] }
            #expect(abs(av - values[j] * vectors[j * 3 + i]) < 1e-12)
        }
    }
}
