/// Gated, degree-normalised sparse aggregation over one in-edge CSR graph, batched over P perturbations:
///   m[p, v] = sum_{e = (u -> v)} g[p, e] * c[e] * h[p, u],   c[e] = w_uv / sqrt(deg_u deg_v),
/// so m = 0 for an isolated node. h, m: [P, N, d]; g: [P, E] (nil = all gates 1); c: [E].
public struct GatedAggregation {
    public let inOffsets: [Int]
    public let sources: [Int32]
    /// c[e] = w_uv / sqrt(deg_u deg_v), fixed by the static graph.
    public let coefficients: [Double]
    /// Reverse edge of each edge (`GeneGraph.reverseEdges`), nil for a graph with one-way edges.
    public let reverse: [Int]?
    /// c[reverse[b]]: the coefficients in reverse-edge order (nil without reverse edges).
    let reverseCoefficients: [Double]?

    public init(graph: GeneGraph) {
        // deg_v summed in Float64.
        let degree = (0..<graph.nodeCount).map { v in
            graph.weights[graph.inOffsets[v]..<graph.inOffsets[v + 1]].reduce(0.0) { $0 + Double($1) }
        }
        var coefficients = [Double](repeating: 0, count: graph.edgeCount)
        for v in 0..<graph.nodeCount {
            for e in graph.inOffsets[v]..<graph.inOffsets[v + 1] {
                let u = Int(graph.sources[e])
                coefficients[e] = Double(graph.weights[e]) / (degree[u] * degree[v]).squareRoot()
            }
        }
        self.inOffsets = graph.inOffsets
        self.sources = graph.sources
        self.coefficients = coefficients
        reverse = graph.reverseEdges()
        reverseCoefficients = reverse.map { $0.map { coefficients[$0] } }
    }

    public var nodeCount: Int { inOffsets.count - 1 }
    public var edgeCount: Int { sources.count }

    public func forward<T: ModelScalar>(
        h: UnsafePointer<T>, gates: UnsafePointer<T>?, m: UnsafeMutablePointer<T>, perturbations: Int, width d: Int
    ) {
        let n = nodeCount, edges = edgeCount
        m.update(repeating: 0, count: perturbations * n * d)
        for p in 0..<perturbations {
            let hp = h + p * n * d, mp = m + p * n * d
            for v in 0..<n {
                let mv = mp + v * d
                for e in inOffsets[v]..<inOffsets[v + 1] {
                    let scale = (gates.map { $0[p * edges + e] } ?? 1) * T(coefficients[e])
                    guard scale != 0 else { continue }
                    Vector.axpy(scale, hp + Int(sources[e]) * d, mv, count: d)
                }
            }
        }
    }

    /// dh[p, u] += g c dm[p, v];  dg[p, e] += c <h[p, u], dm[p, v]> (when dGates is given; `Vector.dot`).
    /// A scatter over the in-edges of each v; `backwardGather` computes the same numbers faster.
    public func backward<T: ModelScalar>(
        h: UnsafePointer<T>, gates: UnsafePointer<T>?, dm: UnsafePointer<T>, dh: UnsafeMutablePointer<T>,
        dGates: UnsafeMutablePointer<T>?, perturbations: Int, width d: Int
    ) {
        let n = nodeCount, edges = edgeCount
        for p in 0..<perturbations {
            let hp = h + p * n * d, dmp = dm + p * n * d, dhp = dh + p * n * d
            for v in 0..<n {
                let dmv = dmp + v * d
                for e in inOffsets[v]..<inOffsets[v + 1] {
                    let c = T(coefficients[e]), u = Int(sources[e])
                    let hu = hp + u * d, dhu = dhp + u * d
                    let scale = (gates.map { $0[p * edges + e] } ?? 1) * c
                    if let dGates { dGates[p * edges + e] += c * Vector.dot(hu, dmv, count: d) }
                    if scale != 0 { Vector.axpy(scale, dmv, dhu, count: d) }
                }
            }
        }
    }

    /// y[p, b] = x[p, reverse[b]] for P rows of E values: edge values in reverse-edge order, and back
    /// again (reverse is an involution). Requires reverse edges.
    public func permuteToReverse<T: ModelScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, perturbations: Int) {
        let reverse = self.reverse!, edges = edgeCount
        reverse.withUnsafeBufferPointer { r in
            for p in 0..<perturbations {
                let xp = x + p * edges, yp = y + p * edges
                for b in 0..<edges { yp[b] = xp[r[b]] }
            }
        }
    }

    /// `backward` as a gather (requires reverse edges): node u visits its out-edges u -> v through its
    /// reversed in-edges b = (v -> u), reading one random row dm[p, v] per edge for both terms and writing
    /// only its own row dh[p, u]. Gates and dGates come in reverse-edge order (`permuteToReverse`), so
    /// every per-edge value is read in sequence. With in-edges sorted by source, the sums run in the
    /// scatter's order (v ascending): the numbers are exactly those of `backward`.
    public func backwardGather<T: ModelScalar>(
        h: UnsafePointer<T>, reversedGates: UnsafePointer<T>?, dm: UnsafePointer<T>, dh: UnsafeMutablePointer<T>,
        reversedDGates: UnsafeMutablePointer<T>?, perturbations: Int, width d: Int
    ) {
        let n = nodeCount, edges = edgeCount, c = reverseCoefficients!
        for p in 0..<perturbations {
            let hp = h + p * n * d, dmp = dm + p * n * d, dhp = dh + p * n * d
            let gp = reversedGates.map { $0 + p * edges }, dgp = reversedDGates.map { $0 + p * edges }
            for u in 0..<n {
                let hu = hp + u * d, dhu = dhp + u * d
                for b in inOffsets[u]..<inOffsets[u + 1] {
                    let dmv = dmp + Int(sources[b]) * d, cb = T(c[b])
                    if let dgp { dgp[b] += cb * Vector.dot(hu, dmv, count: d) }
                    let scale = (gp.map { $0[b] } ?? 1) * cb
                    if scale != 0 { Vector.axpy(scale, dmv, dhu, count: d) }
                }
            }
        }
    }
}
