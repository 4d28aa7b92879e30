/// Bilinear edge scores, a sampled dense-dense product batched over P perturbations:
///   s[p, e] = <a[p, u], b[p, v]> / sqrt(d) + beta * log w_uv + hopBias[hop[p, u]]   for e = (u -> v).
/// a, b: [P, N, d]; hop: [P, N] indices into hopBias; s: [P, E]. The dot product is `Vector.dot`.
public struct EdgeScore {
    public let inOffsets: [Int]
    public let sources: [Int32]
    public let logWeights: [Double]

    public init(graph: GeneGraph) {
        inOffsets = graph.inOffsets
        sources = graph.sources
        logWeights = graph.weights.map { Double.log(Double($0)) }
    }

    public var nodeCount: Int { inOffsets.count - 1 }
    public var edgeCount: Int { sources.count }

    public func forward<T: ModelScalar>(
        a: UnsafePointer<T>, b: UnsafePointer<T>, beta: T, hopBias: UnsafePointer<T>, hop: UnsafePointer<Int>,
        scores: UnsafeMutablePointer<T>, perturbations: Int, width d: Int
    ) {
        let n = nodeCount, edges = edgeCount, scale = 1 / T(d).squareRoot()
        for p in 0..<perturbations {
            let ap = a + p * n * d, bp = b + p * n * d, hp = hop + p * n, sp = scores + p * edges
            for v in 0..<n {
                let bv = bp + v * d
                for e in inOffsets[v]..<inOffsets[v + 1] {
                    let u = Int(sources[e]), au = ap + u * d
                    let dot = Vector.dot(au, bv, count: d)
                    sp[e] = dot * scale + beta * T(logWeights[e]) + hopBias[hp[u]]
                }
            }
        }
    }

    /// da[p, u] += ds b[p, v] / sqrt(d); db[p, v] += ds a[p, u] / sqrt(d); dbeta += ds log w; dhopBias[hop] += ds.
    /// With `reversedDScores` (dScores in reverse-edge order, `GatedAggregation.permuteToReverse`) da runs
    /// as a second, gather pass: node u visits its out-edges through its reversed in-edges, v ascending as
    /// in the scatter, so the numbers are the same; every pass then writes only the row of its own node and
    /// reads one random row per edge.
    public func backward<T: ModelScalar>(
        a: UnsafePointer<T>, b: UnsafePointer<T>, hop: UnsafePointer<Int>, dScores: UnsafePointer<T>,
        da: UnsafeMutablePointer<T>, db: UnsafeMutablePointer<T>, dBeta: UnsafeMutablePointer<T>,
        dHopBias: UnsafeMutablePointer<T>, perturbations: Int, width d: Int,
        reversedDScores: UnsafePointer<T>? = nil
    ) {
        let n = nodeCount, edges = edgeCount, scale = 1 / T(d).squareRoot()
        if let reversedDScores {
            for p in 0..<perturbations {
                let ap = a + p * n * d, bp = b + p * n * d, hp = hop + p * n, dsp = dScores + p * edges
                let dap = da + p * n * d, dbp = db + p * n * d, rsp = reversedDScores + p * edges
                for v in 0..<n {
                    let dbv = dbp + v * d
                    for e in inOffsets[v]..<inOffsets[v + 1] {
                        let ds = dsp[e]
                        guard ds != 0 else { continue }
                        let u = Int(sources[e])
                        Vector.axpy(ds * scale, ap + u * d, dbv, count: d)
                        dBeta.pointee += ds * T(logWeights[e])
                        dHopBias[hp[u]] += ds
                    }
                }
                for u in 0..<n {
                    let dau = dap + u * d
                    for back in inOffsets[u]..<inOffsets[u + 1] {  // back = v -> u, the reverse of u -> v
                        let ds = rsp[back]
                        guard ds != 0 else { continue }
                        Vector.axpy(ds * scale, bp + Int(sources[back]) * d, dau, count: d)
                    }
                }
            }
            return
        }
        for p in 0..<perturbations {
            let ap = a + p * n * d, bp = b + p * n * d, hp = hop + p * n, dsp = dScores + p * edges
            let dap = da + p * n * d, dbp = db + p * n * d
            for v in 0..<n {
                let bv = bp + v * d, dbv = dbp + v * d
                for e in inOffsets[v]..<inOffsets[v + 1] {
                    let ds = dsp[e]
                    guard ds != 0 else { continue }
                    let u = Int(sources[e]), au = ap + u * d, dau = dap + u * d
                    let k = ds * scale
                    for j in 0..<d {
                        dau[j] += k * bv[j]
                        dbv[j] += k * au[j]
                    }
                    dBeta.pointee += ds * T(logWeights[e])
                    dHopBias[hp[u]] += ds
                }
            }
        }
    }
}
