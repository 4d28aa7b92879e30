extension AdaPertModel {
    /// Steps 1-8 of docs/model.md for a batch of P perturbations: the graph part runs once per perturbation,
    /// stacked into [P * N, d] matrices for the per-node linear maps. The state's views live in the
    /// model's arena (valid until the next pass); `withBackward` also lays out the loss seeds and the
    /// backward temporaries.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(_ examples: [PerturbationExample], mode: PassMode<T>, withBackward: Bool = false) -> ForwardState<T> {
        let c = config, n = context.graph.nodeCount, g = context.geneCount
        let shape = Self.batchShape(config: c, nodes: n, edges: context.graph.edgeCount, genes: g,
                                    perturbations: examples.count, withBackward: withBackward)
        let s = ForwardState<T>(shape: shape, targets: examples.map(\.targets), arena: arena)
        for example in examples {
            precondition(!example.targets.isEmpty && example.targets.allSatisfy { (0..<n).contains($0) },
                         "perturbation \(example.id): targets must be 1 or 2 node indices")
            precondition(example.prior.count == g || c.ablation.prior == .none,
                         "perturbation \(example.id): prior must have G entries")
        }
        store.parameters.withUnsafeBufferPointer { buffer in
            let w = buffer.baseAddress!
            nodeInputs(s, w)
            perturbationCode(s, w)
            if c.ablation.gates != .none { edgeGates(s, w, ids: examples.map(\.id), mode: mode) }
            propagate(s, w)
            decode(s, w, priors: examples.map(\.prior), ids: examples.map(\.id), mode: mode)
        }
        return s
    }

    /// Step 1: e0 = LayerNorm(E + F W_f), [N, d].
    private func nodeInputs(_ s: ForwardState<T>, _ w: UnsafePointer<T>) {
        let n = context.graph.nodeCount, d = config.hidden, f = context.featureCount, l = layout
        s.pre0.pointer.update(from: w + l.embedding, count: n * d)
        if f > 0 { features.withUnsafeBufferPointer { feat in
            T.gemm(transA: false, transB: false, m: n, n: d, k: f, alpha: 1, a: feat.baseAddress!, lda: f,
                   b: w + l.featureWeight, ldb: d, beta: 1, c: s.pre0.pointer, ldc: d)
        } }
        LayerNorm.forward(x: s.pre0.pointer, gain: w + l.inputGain, bias: w + l.inputBias, y: s.e0.pointer,
                          xhat: s.e0Hat.pointer, rstd: s.e0Rstd.pointer, rows: n, width: d)
    }

    /// Step 2: zIn_p = sum_{t in T_p} (e0_t + mean_{u in nbr(t)} e0_u); z_p = W2 ReLU(W1 zIn_p + b1) + b2.
    private func perturbationCode(_ s: ForwardState<T>, _ w: UnsafePointer<T>) {
        let d = config.hidden, p = s.perturbations, graph = context.graph, l = layout
        s.zIn.zero()
        for (k, targets) in s.targets.enumerated() {
            let row = s.zIn.pointer + k * d
            for t in targets {
                let e0t = s.e0.pointer + t * d
                for j in 0..<d { row[j] += e0t[j] }
                let degree = graph.inOffsets[t + 1] - graph.inOffsets[t]
                guard degree > 0 else { continue }
                let share = 1 / T(degree)
                for e in graph.inOffsets[t]..<graph.inOffsets[t + 1] {
                    let e0u = s.e0.pointer + Int(graph.sources[e]) * d
                    for j in 0..<d { row[j] += share * e0u[j] }
                }
            }
        }
        Linear.forward(x: s.zIn.pointer, weight: w + l.codeHiddenWeight, bias: w + l.codeHiddenBias,
                       y: s.zHiddenPre.pointer, rows: p, inDim: d, outDim: d)
        ReLU.forward(x: s.zHiddenPre.pointer, y: s.zHidden.pointer, count: p * d)
        Linear.forward(x: s.zHidden.pointer, weight: w + l.codeOutputWeight, bias: w + l.codeOutputBias,
                       y: s.z.pointer, rows: p, inDim: d, outDim: d)
    }

    /// Step 3: x = e0 * z_p, a = x W_a, b = x W_b ([P * N, d] GEMMs), scores, then the gates:
    /// hard-concrete (noisy in training), soft g = sigmoid(s); `gateSlope` holds dg/ds.
    private func edgeGates(_ s: ForwardState<T>, _ w: UnsafePointer<T>, ids: [Int], mode: PassMode<T>) {
        let n = context.graph.nodeCount, d = config.hidden, p = s.perturbations, edges = context.graph.edgeCount
        let l = layout
        for k in 0..<p {
            let zk = s.z.pointer + k * d
            for u in 0..<n {
                let xr = s.x.pointer + (k * n + u) * d, e0u = s.e0.pointer + u * d
                for j in 0..<d { xr[j] = e0u[j] * zk[j] }
            }
        }
        Linear.forward(x: s.x.pointer, weight: w + l.sourceWeight!, bias: nil, y: s.a.pointer,
                       rows: p * n, inDim: d, outDim: d)
        Linear.forward(x: s.x.pointer, weight: w + l.targetWeight!, bias: nil, y: s.b.pointer,
                       rows: p * n, inDim: d, outDim: d)
        hopWorkspace.fill(graph: context.graph, targets: s.targets, limit: config.hopLimit,
                          enabled: config.ablation.hopBias)
        hopWorkspace.hops.withUnsafeBufferPointer { hop in
            edgeScore.forward(a: s.a.pointer, b: s.b.pointer, beta: w[l.logWeightScale!], hopBias: w + l.hopBias!,
                              hop: hop.baseAddress!, scores: s.scores.pointer, perturbations: p, width: d)
        }
        let hc = config.hardConcrete
        for k in 0..<p {
            let stream = mode.stream(.edgeGate, id: ids[k])
            for e in 0..<edges {
                let i = k * edges + e, score = s.scores[i]
                let (gate, slope): (T, T)
                switch (config.ablation.gates, mode) {
                case (.soft, _):
                    gate = Activation.sigmoid(score); slope = gate * (1 - gate)
                case (_, .training):
                    (gate, slope) = hc.sample(logit: score, noise: stream!.uniform(index: e, eps: hc.eps))
                case (_, .inference):
                    (gate, slope) = hc.deterministic(logit: score)
                }
                s.gates[i] = gate
                s.gateSlope[i] = slope
            }
        }
    }

    /// Step 4: h0 = e0 + [v in T_p] z_p; per layer m = gated aggregation of h,
    /// h' = LayerNorm(h + ReLU([h; m] W_l + c_l)).
    private func propagate(_ s: ForwardState<T>, _ w: UnsafePointer<T>) {
        let n = context.graph.nodeCount, d = config.hidden, p = s.perturbations
        let h0 = s.h[0].pointer
        for k in 0..<p {
            (h0 + k * n * d).update(from: s.e0.pointer, count: n * d)
            for t in Set(s.targets[k]) {
                let row = h0 + (k * n + t) * d, zk = s.z.pointer + k * d
                for j in 0..<d { row[j] += zk[j] }
            }
        }
        let gates: UnsafePointer<T>? = config.ablation.gates == .none ? nil : UnsafePointer(s.gates.pointer)
        let rows = p * n
        for (index, layer) in layout.layers.enumerated() {
            let h = s.h[index].pointer, m = s.m[index].pointer, cat = s.cat[index].pointer
            aggregation.forward(h: h, gates: gates, m: m, perturbations: p, width: d)
            for r in 0..<rows {
                (cat + r * 2 * d).update(from: h + r * d, count: d)
                (cat + r * 2 * d + d).update(from: m + r * d, count: d)
            }
            let pre = s.pre[index].pointer
            Linear.forward(x: cat, weight: w + layer.weight, bias: w + layer.bias, y: pre,
                           rows: rows, inDim: 2 * d, outDim: d)
            let residual = s.residual
            for i in 0..<(rows * d) { residual[i] = h[i] + max(pre[i], 0) }
            LayerNorm.forward(x: residual.pointer, gain: w + layer.gain, bias: w + layer.normBias,
                              y: s.h[index + 1].pointer, xhat: s.normHat[index].pointer,
                              rstd: s.normRstd[index].pointer, rows: rows, width: d)
        }
    }
}
