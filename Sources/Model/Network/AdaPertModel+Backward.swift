extension AdaPertModel {
    /// Reverse of steps 8 -> 1, accumulating into store.gradients.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func backward(_ s: ForwardState<T>, _ seeds: LossSeeds<T>) {
        store.parameters.withUnsafeBufferPointer { wb in
            store.gradients.withUnsafeMutableBufferPointer { gb in
                let w = wb.baseAddress!, dw = gb.baseAddress!
                let n = context.graph.nodeCount, d = config.hidden, p = s.perturbations
                guard let buffers = s.backward else { preconditionFailure("backward needs a pass withBackward") }
                let dz = buffers.dz, dE0 = buffers.dE0
                dz.zero()
                dE0.zero()
                let dhL = decodeBackward(s, seeds, w, dw, dz: dz)
                let dh0 = propagateBackward(s, w, dw, dhTop: dhL, seeds: seeds, dz: dz, dE0: dE0)
                for k in 0..<p {
                    let rows = dh0.pointer + k * n * d
                    for i in 0..<(n * d) { dE0[i] += rows[i] }
                    for t in Set(s.targets[k]) {
                        for j in 0..<d { dz[k * d + j] += rows[t * d + j] }
                    }
                }
                perturbationCodeBackward(s, w, dw, dz: dz, dE0: dE0)
                nodeInputsBackward(s, w, dw, dE0: dE0)
            }
        }
    }

    /// Steps 8-6 backward: returns dL/dh^L [P, N, d]; adds the effect-gate path into dz.
    private func decodeBackward(_ s: ForwardState<T>, _ seeds: LossSeeds<T>, _ w: UnsafePointer<T>,
                                _ dw: UnsafeMutablePointer<T>, dz: ArenaView<T>) -> ArenaView<T> {
        let c = config, n = context.graph.nodeCount, g = context.geneCount, d = c.hidden, p = s.perturbations
        let dd = ParameterLayout.decoderWidth(c), l = layout
        let buffers = s.backward!
        let dMu = buffers.dMu, dq = buffers.dq, dO = buffers.dO
        dO.zero()
        let dGateLogit = seeds.effectGateLogit
        for k in 0..<p {
            var dGate: T = 0
            for i in 0..<g {
                let j = k * g + i, dDelta = seeds.delta[j]
                dq[j] = seeds.responderLogit[j]
                if s.isSelf[j] != 0 {
                    dMu[j] = dDelta
                    dw[l.selfKnockdown!] += dDelta
                } else {
                    dMu[j] = dDelta * s.effectGate[k] * s.pi[j]
                    dq[j] += dDelta * s.effectGate[k] * s.mu[j] * s.piSlope[j]
                    dGate += dDelta * s.pi[j] * s.mu[j]
                }
            }
            dGateLogit[k] += dGate * s.effectGateSlope[k]
        }
        if let weight = l.effectGateWeight, let bias = l.effectGateBias {
            for k in 0..<p {
                let dl = dGateLogit[k]
                dw[bias] += dl
                for j in 0..<d {
                    dw[weight + j] += dl * s.z[k * d + j]
                    dz[k * d + j] += dl * w[weight + j]
                }
                if c.ablation.prior == .input { dw[weight + d] += dl * s.priorScale[k] }
            }
        }
        GeneDecoder.backward(o: s.o.pointer, weight: w + l.effectWeight, dy: dMu.pointer,
                             dWeight: dw + l.effectWeight, dBias: dw + l.effectBias, dO: dO.pointer,
                             perturbations: p, genes: g, inDim: dd)
        if let weight = l.responderWeight, let bias = l.responderBias {
            GeneDecoder.backward(o: s.o.pointer, weight: w + weight, dy: dq.pointer, dWeight: dw + weight,
                                 dBias: dw + bias, dO: dO.pointer, perturbations: p, genes: g, inDim: dd)
        }
        let dhL = buffers.dhAbove
        dhL.zero()
        context.geneNodes.withUnsafeBufferPointer { genes in
            for k in 0..<p {
                Gather.backward(dOut: dO.pointer + k * g * dd, index: genes.baseAddress!,
                                dTable: dhL.pointer + k * n * d, rows: g, width: d, outStride: dd)
            }
        }
        return dhL
    }

    /// Step 4 (and 3) backward: from dL/dh^L to dL/dh^0; edge-gate gradients flow into the scoring parameters.
    private func propagateBackward(_ s: ForwardState<T>, _ w: UnsafePointer<T>, _ dw: UnsafeMutablePointer<T>,
                                   dhTop: ArenaView<T>, seeds: LossSeeds<T>, dz: ArenaView<T>, dE0: ArenaView<T>)
        -> ArenaView<T>
    {
        let n = context.graph.nodeCount, d = config.hidden, p = s.perturbations, rows = p * n
        let gated = config.ablation.gates != .none
        let gates: UnsafePointer<T>? = gated ? UnsafePointer(s.gates.pointer) : nil
        let buffers = s.backward!
        let dGates = buffers.dGates
        // With reverse edges the aggregation backward runs as a gather on reverse-ordered gates.
        let gather = aggregation.reverse != nil
        if gather && gated {
            aggregation.permuteToReverse(s.gates.pointer, buffers.gatesReversed.pointer, perturbations: p)
            buffers.dGatesReversed.zero()
        } else {
            dGates.zero()
        }
        // dL/dh ping-pongs between two buffers: layer l reads dh^(l+1) from one and writes dh^l to the other.
        var dhNext = dhTop
        for (index, layer) in layout.layers.enumerated().reversed() {
            let dResidual = dhNext.pointer == buffers.dhAbove.pointer ? buffers.dhBelow : buffers.dhAbove
            dResidual.zero()
            LayerNorm.backward(dy: dhNext.pointer, xhat: s.normHat[index].pointer, rstd: s.normRstd[index].pointer,
                               gain: w + layer.gain, dGain: dw + layer.gain, dBias: dw + layer.normBias,
                               dx: dResidual.pointer, rows: rows, width: d)
            let dPre = buffers.dPre, dCat = buffers.dCat
            dPre.zero()
            dCat.zero()
            ReLU.backward(x: s.pre[index].pointer, dy: dResidual.pointer, dx: dPre.pointer, count: rows * d)
            Linear.backward(x: s.cat[index].pointer, weight: w + layer.weight, dy: dPre.pointer,
                            dWeight: dw + layer.weight, dBias: dw + layer.bias, dx: dCat.pointer,
                            rows: rows, inDim: 2 * d, outDim: d)
            let dh = dResidual, dm = buffers.dm
            for r in 0..<rows {
                Vector.add(dCat.pointer + r * 2 * d, dh.pointer + r * d, count: d)
                (dm.pointer + r * d).update(from: dCat.pointer + r * 2 * d + d, count: d)
            }
            if gather {
                aggregation.backwardGather(h: s.h[index].pointer,
                                           reversedGates: gated ? UnsafePointer(buffers.gatesReversed.pointer) : nil,
                                           dm: dm.pointer, dh: dh.pointer,
                                           reversedDGates: gated ? buffers.dGatesReversed.pointer : nil,
                                           perturbations: p, width: d)
            } else {
                aggregation.backward(h: s.h[index].pointer, gates: gates, dm: dm.pointer, dh: dh.pointer,
                                     dGates: gated ? dGates.pointer : nil, perturbations: p, width: d)
            }
            dhNext = dh
        }
        if gather && gated {
            aggregation.permuteToReverse(buffers.dGatesReversed.pointer, dGates.pointer, perturbations: p)
        }
        if gated { edgeGatesBackward(s, w, dw, dGates: dGates, seeds: seeds, dz: dz, dE0: dE0) }
        return dhNext
    }

    /// Step 3 backward: ds = dg * dg/ds + dL0/ds, through the scores into a, b, beta, hop_bias, then
    /// x = e0 * z: dW_a, dW_b, then de0_u += sum_p dx[p, u] * z_p and dz_p += sum_u dx[p, u] * e0_u.
    private func edgeGatesBackward(_ s: ForwardState<T>, _ w: UnsafePointer<T>, _ dw: UnsafeMutablePointer<T>,
                                   dGates: ArenaView<T>, seeds: LossSeeds<T>, dz: ArenaView<T>, dE0: ArenaView<T>) {
        let n = context.graph.nodeCount, d = config.hidden, p = s.perturbations, l = layout
        let buffers = s.backward!
        let dScores = buffers.dScores
        for i in 0..<dGates.count { dScores[i] = dGates[i] * s.gateSlope[i] + seeds.edgeScore[i] }
        let gather = aggregation.reverse != nil
        if gather { aggregation.permuteToReverse(dScores.pointer, buffers.dScoresReversed.pointer, perturbations: p) }
        let da = buffers.da, db = buffers.db, dx = buffers.dx
        da.zero()
        db.zero()
        dx.zero()
        hopWorkspace.hops.withUnsafeBufferPointer { hop in
            edgeScore.backward(a: s.a.pointer, b: s.b.pointer, hop: hop.baseAddress!, dScores: dScores.pointer,
                               da: da.pointer, db: db.pointer, dBeta: dw + l.logWeightScale!,
                               dHopBias: dw + l.hopBias!, perturbations: p, width: d,
                               reversedDScores: gather ? UnsafePointer(buffers.dScoresReversed.pointer) : nil)
        }
        Linear.backward(x: s.x.pointer, weight: w + l.sourceWeight!, dy: da.pointer, dWeight: dw + l.sourceWeight!,
                        dBias: nil, dx: dx.pointer, rows: p * n, inDim: d, outDim: d)
        Linear.backward(x: s.x.pointer, weight: w + l.targetWeight!, dy: db.pointer, dWeight: dw + l.targetWeight!,
                        dBias: nil, dx: dx.pointer, rows: p * n, inDim: d, outDim: d)
        for k in 0..<p {
            for u in 0..<n {
                let row = (k * n + u) * d
                for j in 0..<d {
                    dE0[u * d + j] += dx[row + j] * s.z[k * d + j]
                    dz[k * d + j] += dx[row + j] * s.e0[u * d + j]
                }
            }
        }
    }
}
