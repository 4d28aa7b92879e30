extension AdaPertModel {
    /// Steps 6-8: o_i = [h^L_{v_i}; r_ip; |r_ip|], mu = per-gene decoder, q = responder logit, pi = its gate,
    /// G(p) = effect gate of <v_G, [z_p; log10(mean_i |r_ip| + 1e-6)]> + c_G, and
    /// delta_i = s_self + mu_i for a measured target (self_knockdown on), G pi_i mu_i otherwise.
    func decode(_ s: ForwardState<T>, _ w: UnsafePointer<T>, priors: [[Float]], ids: [Int], mode: PassMode<T>) {
        let c = config, n = context.graph.nodeCount, g = context.geneCount, d = c.hidden, p = s.perturbations
        let dd = ParameterLayout.decoderWidth(c), l = layout, withPrior = c.ablation.prior == .input
        s.priorScale.zero()
        context.geneNodes.withUnsafeBufferPointer { genes in
            for k in 0..<p {
                let ok = s.o.pointer + k * g * dd
                Gather.forward(table: s.h[c.layers].pointer + k * n * d, index: genes.baseAddress!, out: ok,
                               rows: g, width: d, outStride: dd)
                guard withPrior else { continue }
                var meanMagnitude = 0.0
                for i in 0..<g {
                    let r = T(priors[k][i])
                    ok[i * dd + d] = r
                    ok[i * dd + d + 1] = abs(r)
                    meanMagnitude += Double(abs(priors[k][i]))
                }
                s.priorScale[k] = T(Double.log10(meanMagnitude / Double(max(g, 1)) + 1e-6))
            }
        }
        GeneDecoder.forward(o: s.o.pointer, weight: w + l.effectWeight, bias: w + l.effectBias, y: s.mu.pointer,
                            perturbations: p, genes: g, inDim: dd)
        responderGates(s, w, ids: ids, mode: mode)
        effectGates(s, w, ids: ids, mode: mode)
        s.isSelf.zero()
        if c.ablation.selfKnockdown {
            for (k, targets) in s.targets.enumerated() {
                for t in targets where geneOfNode[t] >= 0 { s.isSelf[k * g + geneOfNode[t]] = 1 }
            }
        }
        for k in 0..<p {
            for i in 0..<g {
                let j = k * g + i
                s.delta[j] = s.isSelf[j] != 0 ? w[l.selfKnockdown!] + s.mu[j] : s.effectGate[k] * s.pi[j] * s.mu[j]
            }
        }
    }

    /// pi = hard-concrete gate of q (training), 1[P_open > t] (inference), 1 with responder_gate off.
    private func responderGates(_ s: ForwardState<T>, _ w: UnsafePointer<T>, ids: [Int], mode: PassMode<T>) {
        let g = context.geneCount, p = s.perturbations, l = layout, hc = config.hardConcrete
        guard let weight = l.responderWeight, let bias = l.responderBias else {
            s.pi.pointer.update(repeating: 1, count: p * g)
            s.piSlope.zero()
            return
        }
        GeneDecoder.forward(o: s.o.pointer, weight: w + weight, bias: w + bias, y: s.q.pointer,
                            perturbations: p, genes: g, inDim: ParameterLayout.decoderWidth(config))
        for k in 0..<p {
            for i in 0..<g {
                let j = k * g + i
                (s.pi[j], s.piSlope[j]) = gate(logit: s.q[j], purpose: .responderGate, id: ids[k], index: i,
                                               mode: mode, threshold: mode.responderThreshold, hc: hc)
            }
        }
    }

    /// G(p) from the logit <v_G, [z_p; log10(mean |r| + 1e-6)]> + c_G; 1 with effect_gate off.
    private func effectGates(_ s: ForwardState<T>, _ w: UnsafePointer<T>, ids: [Int], mode: PassMode<T>) {
        let d = config.hidden, p = s.perturbations, hc = config.hardConcrete
        guard let weight = layout.effectGateWeight, let bias = layout.effectGateBias else {
            s.effectGate.pointer.update(repeating: 1, count: p)
            s.gateLogit.zero()
            s.effectGateSlope.zero()
            return
        }
        let withPrior = config.ablation.prior == .input
        for k in 0..<p {
            var logit = w[bias]
            for j in 0..<d { logit += w[weight + j] * s.z[k * d + j] }
            if withPrior { logit += w[weight + d] * s.priorScale[k] }
            s.gateLogit[k] = logit
            (s.effectGate[k], s.effectGateSlope[k]) = gate(logit: logit, purpose: .effectGate, id: ids[k], index: 0,
                                                           mode: mode, threshold: 0.5, hc: hc)
        }
    }

    /// Training: hard-concrete sample and slope; inference: 1[sigmoid(logit - tau log(-gamma/zeta)) > t].
    private func gate(logit: T, purpose: CounterRandom.Purpose, id: Int, index: Int, mode: PassMode<T>,
                      threshold: T, hc: HardConcrete) -> (T, T) {
        switch mode {
        case let .training(noise, step):
            return hc.sample(logit: logit, noise: noise.uniform(purpose, step: step, id: id, index: index, eps: hc.eps))
        case .inference:
            return (Activation.sigmoid(hc.openLogit(logit)) > threshold ? 1 : 0, 0)
        }
    }
}
