/// The sizes that fix a pass's activation layout: P perturbations, N nodes, E directed edges, d hidden,
/// G genes, D decoder input width, L layers, whether edges are scored (gates on), and whether the pass
/// needs the loss seeds and backward buffers (training) or only the forward activations (inference).
struct BatchShape: Equatable {
    var perturbations, nodes, edges, hidden, genes, decoderWidth, layers: Int
    var scoresEdges: Bool
    var withBackward: Bool
}

/// Everything the forward pass of one batch of P perturbations computes and the backward pass reads,
/// plus (training) the loss seeds and backward temporaries: named views into the model's activation
/// arena, valid until the model's next pass. Shapes use N nodes, E directed edges, d hidden, G genes,
/// D decoder input width, L layers.
final class ForwardState<T: ModelScalar> {
    let perturbations: Int
    let targets: [[Int]]
    /// Step 1, perturbation independent: pre0 = E + F W_f, e0 = LayerNorm(pre0). [N, d]; rstd [N].
    let pre0, e0, e0Hat, e0Rstd: ArenaView<T>
    /// Step 2: zIn = sum_t (e0_t + mean nbr e0), z = W2 ReLU(W1 zIn + b1) + b2. [P, d].
    let zIn, zHiddenPre, zHidden, z: ArenaView<T>
    /// Step 3: x = e0 * z, a = x W_a, b = x W_b [P, N, d] (empty with gates none); scores, gates,
    /// dGate/dScore [P, E]. hop [P, N] lives in the model's `hopBuffer`.
    let x, a, b: ArenaView<T>
    let scores, gates, gateSlope: ArenaView<T>
    /// Step 4, per layer l: h[l] (L + 1 of them), m, cat = [h; m], pre, LayerNorm cache. [P, N, d] ([P, N, 2d]
    /// for cat); `residual` = h + ReLU(pre) [P, N, d] is reused by every layer.
    let h, m, cat, pre, normHat, normRstd: [ArenaView<T>]
    let residual: ArenaView<T>
    /// Step 6: decoder input o [P, G, D], effect size mu, responder logit q, gate pi and dpi/dq [P, G].
    let o, mu, q, pi, piSlope: ArenaView<T>
    /// Step 7: effect-gate input feature log10(mean |r| + 1e-6), logit, gate and its slope [P].
    let priorScale, gateLogit, effectGate, effectGateSlope: ArenaView<T>
    /// Step 8: delta [P, G]; isSelf[p * G + i] = 1 where gene i is a measured target of p (self_knockdown on).
    let delta, isSelf: ArenaView<T>
    /// Training only: seeds and backward temporaries (nil for an inference pass).
    let backward: BackwardBuffers<T>?

    init(shape s: BatchShape, targets: [[Int]], arena: ActivationArena<T>) {
        let l = Layout(shape: s)
        arena.reserve(l.total)
        perturbations = s.perturbations
        self.targets = targets
        pre0 = arena.view(l.pre0); e0 = arena.view(l.e0); e0Hat = arena.view(l.e0Hat); e0Rstd = arena.view(l.e0Rstd)
        zIn = arena.view(l.zIn); zHiddenPre = arena.view(l.zHiddenPre); zHidden = arena.view(l.zHidden)
        z = arena.view(l.z)
        x = arena.view(l.x); a = arena.view(l.a); b = arena.view(l.b)
        scores = arena.view(l.scores); gates = arena.view(l.gates); gateSlope = arena.view(l.gateSlope)
        h = l.h.map(arena.view); m = l.m.map(arena.view); cat = l.cat.map(arena.view)
        pre = l.pre.map(arena.view); normHat = l.normHat.map(arena.view); normRstd = l.normRstd.map(arena.view)
        residual = arena.view(l.residual)
        o = arena.view(l.o); mu = arena.view(l.mu); q = arena.view(l.q); pi = arena.view(l.pi)
        piSlope = arena.view(l.piSlope)
        priorScale = arena.view(l.priorScale); gateLogit = arena.view(l.gateLogit)
        effectGate = arena.view(l.effectGate); effectGateSlope = arena.view(l.effectGateSlope)
        delta = arena.view(l.delta); isSelf = arena.view(l.isSelf)
        backward = l.backward.map { BackwardBuffers(plan: $0, arena: arena) }
    }

    /// Elements the arena holds for a pass of shape `s` (the views above and, with backward, the seeds and
    /// temporaries), computed without allocating.
    static func arenaElements(_ s: BatchShape) -> Int { Layout(shape: s).total }

    /// The offsets of every view of a pass of shape `s`, laid out one after another, and their total.
    struct Layout {
        let pre0, e0, e0Hat, e0Rstd, zIn, zHiddenPre, zHidden, z, x, a, b, scores, gates, gateSlope: Range<Int>
        let h, m, cat, pre, normHat, normRstd: [Range<Int>]
        let residual, o, mu, q, pi, piSlope, priorScale, gateLogit, effectGate, effectGateSlope: Range<Int>
        let delta, isSelf: Range<Int>
        let backward: BackwardBuffers<T>.Plan?
        let total: Int

        init(shape s: BatchShape) {
            let p = s.perturbations, n = s.nodes, d = s.hidden, g = s.genes, layers = s.layers
            let contextRows = s.scoresEdges ? p * n : 0, edgeRows = s.scoresEdges ? p * s.edges : 0
            var plan = ArenaPlan()
            pre0 = plan.take(n * d); e0 = plan.take(n * d); e0Hat = plan.take(n * d); e0Rstd = plan.take(n)
            zIn = plan.take(p * d); zHiddenPre = plan.take(p * d); zHidden = plan.take(p * d); z = plan.take(p * d)
            x = plan.take(contextRows * d); a = plan.take(contextRows * d); b = plan.take(contextRows * d)
            scores = plan.take(edgeRows); gates = plan.take(edgeRows); gateSlope = plan.take(edgeRows)
            h = (0...layers).map { _ in plan.take(p * n * d) }
            m = (0..<layers).map { _ in plan.take(p * n * d) }
            cat = (0..<layers).map { _ in plan.take(p * n * 2 * d) }
            pre = (0..<layers).map { _ in plan.take(p * n * d) }
            normHat = (0..<layers).map { _ in plan.take(p * n * d) }
            normRstd = (0..<layers).map { _ in plan.take(p * n) }
            residual = plan.take(p * n * d)
            o = plan.take(p * g * s.decoderWidth); mu = plan.take(p * g); q = plan.take(p * g)
            pi = plan.take(p * g); piSlope = plan.take(p * g)
            priorScale = plan.take(p); gateLogit = plan.take(p); effectGate = plan.take(p)
            effectGateSlope = plan.take(p)
            delta = plan.take(p * g); isSelf = plan.take(p * g)
            backward = s.withBackward ? BackwardBuffers<T>.Plan(shape: s, plan: &plan) : nil
            total = plan.total
        }
    }
}

/// The loss seeds dL/d(output) and the backward temporaries of one training pass (views into the arena).
struct BackwardBuffers<T: ModelScalar> {
    /// Seeds: dL/d delta, dL/dq [P, G]; dL/d(effect-gate logit) [P]; dL/ds from the L0 term [P, E].
    let seedDelta, seedResponderLogit, seedEffectGateLogit, seedEdgeScore: ArenaView<T>
    /// dL/dz [P, d]; dL/de0 [N, d]; dL/dpre0 [N, d].
    let dz, dE0, dPre0: ArenaView<T>
    /// Decoder: dL/dmu, dL/dq [P, G]; dL/do [P, G, D].
    let dMu, dq, dO: ArenaView<T>
    /// Propagation: dL/dh of the layer above and below (ping-pong, [P, N, d]), dL/dpre, dL/dm [P, N, d],
    /// dL/d[h; m] [P, N, 2d]: reused by every layer.
    let dhAbove, dhBelow, dPre, dm, dCat: ArenaView<T>
    /// Edge context: dL/dg, dL/ds [P, E]; dL/da, dL/db, dL/dx [P, N, d] (empty with gates none).
    let dGates, dScores, da, db, dx: ArenaView<T>
    /// g, dL/dg and dL/ds in reverse-edge order [P, E], for the gather forms of the edge backward passes.
    let gatesReversed, dGatesReversed, dScoresReversed: ArenaView<T>
    /// Perturbation code MLP: dL/dzHidden, dL/dzHiddenPre, dL/dzIn [P, d].
    let dHidden, dHiddenPre, dzIn: ArenaView<T>

    /// The offsets of the views above, laid out after the forward ones.
    struct Plan {
        let seedDelta, seedResponderLogit, seedEffectGateLogit, seedEdgeScore, dz, dE0, dPre0: Range<Int>
        let dMu, dq, dO, dhAbove, dhBelow, dPre, dm, dCat, dGates, dScores, da, db, dx: Range<Int>
        let gatesReversed, dGatesReversed, dScoresReversed: Range<Int>
        let dHidden, dHiddenPre, dzIn: Range<Int>

        init(shape s: BatchShape, plan: inout ArenaPlan) {
            let p = s.perturbations, n = s.nodes, d = s.hidden, g = s.genes, rows = p * n
            let contextRows = s.scoresEdges ? rows : 0, edgeRows = s.scoresEdges ? p * s.edges : 0
            seedDelta = plan.take(p * g); seedResponderLogit = plan.take(p * g)
            seedEffectGateLogit = plan.take(p); seedEdgeScore = plan.take(edgeRows)
            dz = plan.take(p * d); dE0 = plan.take(n * d); dPre0 = plan.take(n * d)
            dMu = plan.take(p * g); dq = plan.take(p * g); dO = plan.take(p * g * s.decoderWidth)
            dhAbove = plan.take(rows * d); dhBelow = plan.take(rows * d); dPre = plan.take(rows * d)
            dm = plan.take(rows * d); dCat = plan.take(rows * 2 * d)
            dGates = plan.take(edgeRows); dScores = plan.take(edgeRows)
            da = plan.take(contextRows * d); db = plan.take(contextRows * d); dx = plan.take(contextRows * d)
            gatesReversed = plan.take(edgeRows); dGatesReversed = plan.take(edgeRows)
            dScoresReversed = plan.take(edgeRows)
            dHidden = plan.take(p * d); dHiddenPre = plan.take(p * d); dzIn = plan.take(p * d)
        }
    }

    init(plan r: Plan, arena: ActivationArena<T>) {
        seedDelta = arena.view(r.seedDelta); seedResponderLogit = arena.view(r.seedResponderLogit)
        seedEffectGateLogit = arena.view(r.seedEffectGateLogit); seedEdgeScore = arena.view(r.seedEdgeScore)
        dz = arena.view(r.dz); dE0 = arena.view(r.dE0); dPre0 = arena.view(r.dPre0)
        dMu = arena.view(r.dMu); dq = arena.view(r.dq); dO = arena.view(r.dO)
        dhAbove = arena.view(r.dhAbove); dhBelow = arena.view(r.dhBelow); dPre = arena.view(r.dPre)
        dm = arena.view(r.dm); dCat = arena.view(r.dCat)
        dGates = arena.view(r.dGates); dScores = arena.view(r.dScores)
        da = arena.view(r.da); db = arena.view(r.db); dx = arena.view(r.dx)
        gatesReversed = arena.view(r.gatesReversed); dGatesReversed = arena.view(r.dGatesReversed)
        dScoresReversed = arena.view(r.dScoresReversed)
        dHidden = arena.view(r.dHidden); dHiddenPre = arena.view(r.dHiddenPre); dzIn = arena.view(r.dzIn)
    }
}
