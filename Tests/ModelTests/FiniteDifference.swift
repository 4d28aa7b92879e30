@testable import Model

/// Central finite differences in Float64: (f(x + h e_k) - f(x - h e_k)) / 2h for each coordinate k.
func centralDifferences(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    var probe = x
    return x.indices.map { k in
        probe[k] = x[k] + h
        let up = f(probe)
        probe[k] = x[k] - h
        let down = f(probe)
        probe[k] = x[k]
        return (up - down) / (2 * h)
    }
}

/// Largest |a - b| / (atol + rtol |b|) over two gradient vectors; <= 1 means they agree.
func gradientMismatch(_ a: [Double], _ b: [Double], atol: Double = 1e-7, rtol: Double = 1e-5) -> Double {
    precondition(a.count == b.count, "gradient lengths differ: \(a.count) vs \(b.count)")
    return zip(a, b).map { abs($0 - $1) / (atol + rtol * abs($1)) }.max() ?? 0
}

/// Deterministic test numbers: uniform in (lo, hi) from SplitMix64.
func testValues(_ count: Int, seed: UInt64, in range: ClosedRange<Double> = -1...1) -> [Double] {
    var rng = SplitMix64(seed: seed)
    return (0..<count).map { _ in range.lowerBound + (range.upperBound - range.lowerBound) * SplitMix64.unitInterval(rng.next()) }
}

/// <r, y>: a random linear read-out turns any op output into a scalar loss whose dL/dy is r.
func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// A small graph with an isolated node (5), a hub (0) with many edges, and a chain 2-3-4.
func testGraph() -> GeneGraph {
    GeneGraph(nodeNames: ["A", "B", "C", "D", "E", "F", "G"],
              undirectedEdges: [(0, 1, 0.9), (0, 2, 0.5), (0, 3, 0.7), (0, 6, 0.3), (2, 3, 1.0), (3, 4, 0.4), (1, 6, 0.8)])
}
