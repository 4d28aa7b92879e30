/// Everything the forward pass of one batch of P perturbations computes and the backward pass reads.
/// Shapes use N nodes, E directed edges, d hidden, G genes, D decoder input width, L layers.
final class ForwardState<T: ModelScalar> {
    let perturbations: Int
    let targets: [[Int]]
    /// Step 1, perturbation independent: pre0 = E + F W_f, e0 = LayerNorm(pre0). [N, d]; rstd [N].
    let pre0, e0, e0Hat, e0Rstd: Scratch<T>
    /// Step 2: zIn = sum_t (e0_t + mean nbr e0), z = W2 ReLU(W1 zIn + b1) + b2. [P, d].
    let zIn, zHiddenPre, zHidden, z: Scratch<T>
    /// Step 3: x = e0 * z, a = x W_a, b = x W_b [P, N, d]; hop [P, N]; scores, gates, dGate/dScore [P, E].
    let x, a, b: Scratch<T>
    var hop: [Int]
    let scores, gates, gateSlope: Scratch<T>
    /// Step 4, per layer l: h[l] (L + 1 of them), m, cat = [h; m], pre, LayerNorm cache. [P, N, d] ([P, N, 2d] for cat).
    let h, m, cat, pre, normHat: [Scratch<T>]
    let normRstd: [Scratch<T>]
    /// Step 6: decoder input o [P, G, D], effect size mu, responder logit q, gate pi and dpi/dq [P, G].
    let o, mu, q, pi, piSlope: Scratch<T>
    /// Step 7: effect-gate input feature log10(mean |r| + 1e-6), logit, gate and its slope [P].
    let priorScale, gateLogit, effectGate, effectGateSlope: Scratch<T>
    /// Step 8: delta [P, G]; isSelf[p * G + i]: gene i is a measured target of p (with self_knockdown on).
    let delta: Scratch<T>
    var isSelf: [Bool]

    init(perturbations p: Int, targets: [[Int]], nodes n: Int, edges: Int, hidden d: Int, genes g: Int,
         decoderWidth dd: Int, layers: Int, scoresEdges: Bool) {
        let contextRows = scoresEdges ? p * n : 0
        perturbations = p
        self.targets = targets
        pre0 = Scratch(n * d); e0 = Scratch(n * d); e0Hat = Scratch(n * d); e0Rstd = Scratch(n)
        zIn = Scratch(p * d); zHiddenPre = Scratch(p * d); zHidden = Scratch(p * d); z = Scratch(p * d)
        x = Scratch(contextRows * d); a = Scratch(contextRows * d); b = Scratch(contextRows * d)
        hop = []
        scores = Scratch(p * edges); gates = Scratch(p * edges); gateSlope = Scratch(p * edges)
        h = (0...layers).map { _ in Scratch(p * n * d) }
        m = (0..<layers).map { _ in Scratch(p * n * d) }
        cat = (0..<layers).map { _ in Scratch(p * n * 2 * d) }
        pre = (0..<layers).map { _ in Scratch(p * n * d) }
        normHat = (0..<layers).map { _ in Scratch(p * n * d) }
        normRstd = (0..<layers).map { _ in Scratch(p * n) }
        o = Scratch(p * g * dd); mu = Scratch(p * g); q = Scratch(p * g); pi = Scratch(p * g); piSlope = Scratch(p * g)
        priorScale = Scratch(p); gateLogit = Scratch(p); effectGate = Scratch(p); effectGateSlope = Scratch(p)
        delta = Scratch(p * g)
        isSelf = []
    }
}
