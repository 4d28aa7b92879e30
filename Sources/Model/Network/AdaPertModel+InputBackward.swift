extension AdaPertModel {
    /// Step 2 backward: through MLP_z, then zIn_p = sum_t (e0_t + mean_{u in nbr(t)} e0_u) into dE0.
    func perturbationCodeBackward(_ s: ForwardState<T>, _ w: UnsafePointer<T>, _ dw: UnsafeMutablePointer<T>,
                                  dz: ArenaView<T>, dE0: ArenaView<T>) {
        let d = config.hidden, p = s.perturbations, graph = context.graph, l = layout
        let buffers = s.backward!
        let dHidden = buffers.dHidden, dHiddenPre = buffers.dHiddenPre, dzIn = buffers.dzIn
        dHidden.zero()
        dHiddenPre.zero()
        dzIn.zero()
        Linear.backward(x: s.zHidden.pointer, weight: w + l.codeOutputWeight, dy: dz.pointer,
                        dWeight: dw + l.codeOutputWeight, dBias: dw + l.codeOutputBias, dx: dHidden.pointer,
                        rows: p, inDim: d, outDim: d)
        ReLU.backward(x: s.zHiddenPre.pointer, dy: dHidden.pointer, dx: dHiddenPre.pointer, count: p * d)
        Linear.backward(x: s.zIn.pointer, weight: w + l.codeHiddenWeight, dy: dHiddenPre.pointer,
                        dWeight: dw + l.codeHiddenWeight, dBias: dw + l.codeHiddenBias, dx: dzIn.pointer,
                        rows: p, inDim: d, outDim: d)
        for (k, targets) in s.targets.enumerated() {
            let row = dzIn.pointer + k * d
            for t in targets {
                for j in 0..<d { dE0[t * d + j] += row[j] }
                let degree = graph.inOffsets[t + 1] - graph.inOffsets[t]
                guard degree > 0 else { continue }
                let share = 1 / T(degree)
                for e in graph.inOffsets[t]..<graph.inOffsets[t + 1] {
                    let u = Int(graph.sources[e])
                    for j in 0..<d { dE0[u * d + j] += share * row[j] }
                }
            }
        }
    }

    /// Step 1 backward: e0 = LayerNorm(E + F W_f): dE += dpre0, dW_f += F^T dpre0.
    func nodeInputsBackward(_ s: ForwardState<T>, _ w: UnsafePointer<T>, _ dw: UnsafeMutablePointer<T>,
                            dE0: ArenaView<T>) {
        let n = context.graph.nodeCount, d = config.hidden, f = context.featureCount, l = layout
        let dPre = s.backward!.dPre0
        dPre.zero()
        LayerNorm.backward(dy: dE0.pointer, xhat: s.e0Hat.pointer, rstd: s.e0Rstd.pointer, gain: w + l.inputGain,
                           dGain: dw + l.inputGain, dBias: dw + l.inputBias, dx: dPre.pointer, rows: n, width: d)
        let dEmbedding = dw + l.embedding
        for i in 0..<(n * d) { dEmbedding[i] += dPre[i] }
        guard f > 0 else { return }
        features.withUnsafeBufferPointer { feat in
            T.gemm(transA: true, transB: false, m: f, n: d, k: n, alpha: 1, a: feat.baseAddress!, lda: f,
                   b: dPre.pointer, ldb: d, beta: 1, c: dw + l.featureWeight, ldc: d)
        }
    }
}
