/// dL/d(output) of one batch: the seeds of the backward pass (views into the pass's arena).
struct LossSeeds<T: ModelScalar> {
    /// dL/d delta [P, G].
    let delta: ArenaView<T>
    /// dL/dq from the responder BCE [P, G] (0 with responder_gate off).
    let responderLogit: ArenaView<T>
    /// dL/d(effect-gate logit) from its BCE [P] (0 with effect_gate off).
    let effectGateLogit: ArenaView<T>
    /// dL/ds from the L0 term [P, E] (empty with gates none).
    let edgeScore: ArenaView<T>
}

extension AdaPertModel {
    /// The loss of docs/model.md in pseudobulk form, every mean over the GLOBAL batch (normaliser):
    ///   L_eff = sum_{p,i} omega (x_ctrl + delta - ybar)^2 / (P G)
    ///   L_pi  = sum_{p,i} BCE(q - tau log(-gamma/zeta), y) / (P G)
    ///   L_G   = sum_p BCE(logit_G - tau log(-gamma/zeta), label) / P
    ///   L_0   = sum_{p,e} P(g > 0) / (P E)   (soft gates: sigmoid(s), the open fraction)
    ///   L_dir = sum_{y = 1} softplus(-sign(dbar) delta / kappa) / positives
    /// and its derivatives with respect to delta, q, the effect-gate logit and the edge scores, written
    /// into the state's seed views (the state must come from a pass `withBackward`).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func lossAndSeeds(_ s: ForwardState<T>, _ examples: [PerturbationExample], _ normaliser: BatchNormaliser)
        -> (loss: LossBreakdown, seeds: LossSeeds<T>)
    {
        let c = config, g = context.geneCount, edges = context.graph.edgeCount
        let w = c.loss, shift = T(c.hardConcrete.openShift)
        let perGene = 1 / Double(normaliser.perturbations * g)
        guard let buffers = s.backward else { preconditionFailure("the loss needs a pass with backward buffers") }
        let seeds = LossSeeds<T>(delta: buffers.seedDelta, responderLogit: buffers.seedResponderLogit,
                                 effectGateLogit: buffers.seedEffectGateLogit, edgeScore: buffers.seedEdgeScore)
        seeds.delta.zero()
        seeds.responderLogit.zero()
        seeds.effectGateLogit.zero()
        seeds.edgeScore.zero()
        var loss = LossBreakdown()
        for (k, ex) in examples.enumerated() {
            precondition([ex.meanExpression, ex.precisionWeight, ex.responderLabel, ex.observedDelta]
                .allSatisfy { $0.count == g }, "perturbation \(ex.id): per-gene arrays must have G entries")
            for i in 0..<g {
                let j = k * g + i, omega = T(ex.precisionWeight[i])
                let residual = T(context.controlMean[i]) + s.delta[j] - T(ex.meanExpression[i])
                loss.effect += Double(omega * residual * residual) * perGene
                seeds.delta[j] += T(2 * perGene) * omega * residual
                if c.ablation.responderGate {
                    let bce = Activation.bceWithLogits(logit: s.q[j] - shift, label: T(ex.responderLabel[i]))
                    loss.responder += Double(bce.loss) * perGene
                    seeds.responderLogit[j] = bce.dLogit * T(w.responder * perGene)
                }
                if ex.responderLabel[i] > 0.5 && normaliser.responderPositives > 0 {
                    let sign: T = ex.observedDelta[i] > 0 ? 1 : (ex.observedDelta[i] < 0 ? -1 : 0)
                    let x = -sign * s.delta[j] / T(w.kappa), share = 1 / Double(normaliser.responderPositives)
                    loss.direction += Double(Activation.softplus(x)) * share
                    seeds.delta[j] += T(w.direction * share) * Activation.sigmoid(x) * (-sign / T(w.kappa))
                }
            }
            if c.ablation.effectGate {
                let bce = Activation.bceWithLogits(logit: s.gateLogit[k] - shift, label: T(ex.effectLabel))
                loss.effectGate += Double(bce.loss) / Double(normaliser.perturbations)
                seeds.effectGateLogit[k] = bce.dLogit * T(w.effectGate / Double(normaliser.perturbations))
            }
            if c.ablation.gates != .none && edges > 0 {
                let perEdge = 1 / Double(normaliser.perturbations * edges)
                for e in 0..<edges {
                    let logit = c.ablation.gates == .soft ? s.scores[k * edges + e] : s.scores[k * edges + e] - shift
                    let open = Activation.sigmoid(logit)
                    loss.l0 += Double(open) * perEdge
                    seeds.edgeScore[k * edges + e] = open * (1 - open) * T(w.l0 * perEdge)
                }
            }
        }
        loss.total = loss.effect + w.responder * loss.responder + w.effectGate * loss.effectGate
            + w.l0 * loss.l0 + w.direction * loss.direction
        return (loss, seeds)
    }
}
