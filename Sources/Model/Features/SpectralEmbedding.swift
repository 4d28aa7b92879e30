/// The spectral embedding of docs/model.md step 1: the top `dimensions` eigenvectors (by eigenvalue) of the
/// graph's symmetric normalised adjacency A = D^-1/2 W D^-1/2, one row per node.
///
/// A's spectrum lies in [-1, 1]; subspace iteration runs on the shifted operator (I + A) / 2, whose
/// eigenvalues (1 + λ) / 2 lie in [0, 1] in the same order, so the largest λ, not the largest |λ|, are found.
/// Isolated nodes have zero rows in A. Reported eigenvalues are those of A.
public struct SpectralEmbedding: Sendable {
    /// N x k row-major.
    public let vectors: [Double]
    /// Eigenvalues of A, descending.
    public let eigenvalues: [Double]
    public let dimensions: Int

    /// The default solver: Chebyshev-filtered subspace iteration (degree 16 on the spectrum [0, 1] of the
    /// shifted operator), tolerance 1e-6: eigenvalues of large sparse graphs cluster near 1.
    public static var defaultSolver: SubspaceIteration {
        var solver = SubspaceIteration()
        solver.filter = .init(degree: 16, spectrumLowerBound: 0)
        solver.tolerance = 1e-6
        solver.maxIterations = 500
        return solver
    }

    public init(graph: GeneGraph, dimensions: Int = 16, solver: SubspaceIteration = SpectralEmbedding.defaultSolver) {
        let n = graph.nodeCount
        let k = min(dimensions, n)
        self.dimensions = k
        guard k > 0 else { vectors = []; eigenvalues = []; return }
        let degree = graph.weightedDegreesInDouble()
        let invSqrt = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        let offsets = graph.inOffsets, sources = graph.sources
        let normalized = (0..<n).flatMap { v in
            (offsets[v]..<offsets[v + 1]).map { e in Double(graph.weights[e]) * invSqrt[Int(sources[e])] * invSqrt[v] }
        }
        let result = solver.topEigenpairs(n: n, k: k) { x, y, b in
            for c in 0..<b {
                let xc = x + c * n, yc = y + c * n
                for v in 0..<n {
                    var s = 0.0
                    for e in offsets[v]..<offsets[v + 1] { s += normalized[e] * xc[Int(sources[e])] }
                    yc[v] = 0.5 * (xc[v] + s)
                }
            }
        }
        vectors = result.vectors
        eigenvalues = result.values.map { 2 * $0 - 1 }
    }
}
