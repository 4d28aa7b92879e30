/// Gated, degree-normalised sparse aggregation over one in-edge CSR graph, batched over P perturbations:
///   m[p, v] = sum_{e = (u -> v)} g[p, e] * c[e] * h[p, u],   c[e] = w_uv / sqrt(deg_u deg_v),
/// so m = 0 for an isolated node. h, m: [P, N, d]; g: [P, E] (nil = all gates 1); c: [E].
public struct GatedAggregation {
    public let inOffsets: [Int]
    public let sources: [Int32]
    /// c[e] = w_uv / sqrt(deg_u deg_v), fixed by the static graph.
    public let coefficients: [Double]

    public init(graph: GeneGraph) {
        // deg_v summed in Float64 (GeneGraph.weightedDegrees sums in Float32).
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
                    let hu = hp + Int(sources[e]) * d
                    for j in 0..<d { mv[j] += scale * hu[j] }
                }
            }
        }
    }

    /// dh[p, u] += g c dm[p, v];  dg[p, e] += c <h[p, u], dm[p, v]> (when dGates is given).
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
                    if let dGates {
                        var dot: T = 0
                        for j in 0..<d { dot += hu[j] * dmv[j] }
                        dGates[p * edges + e] += c * dot
                    }
                    if scale != 0 {
                        for j in 0..<d { dhu[j] += scale * dmv[j] }
                    }
                }
            }
        }
    }
}
