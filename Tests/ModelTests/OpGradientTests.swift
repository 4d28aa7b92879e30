import Testing
@testable import Model

/// Every op's backward against Float64 central differences (h = 1e-6; inputs kept >= 1e-3 from kinks).
@Suite struct OpGradientTests {
    @Test func linear() {
        let rows = 3, inDim = 4, outDim = 5
        let x = testValues(rows * inDim, seed: 1), w = testValues(inDim * outDim, seed: 2)
        let b = testValues(outDim, seed: 3), r = testValues(rows * outDim, seed: 4)
        func loss(_ x: [Double], _ w: [Double], _ b: [Double]) -> Double {
            var y = [Double](repeating: 0, count: rows * outDim)
            Linear.forward(x: x, weight: w, bias: b, y: &y, rows: rows, inDim: inDim, outDim: outDim)
            return dot(y, r)
        }
        var dw = [Double](repeating: 0, count: w.count), db = [Double](repeating: 0, count: outDim)
        var dx = [Double](repeating: 0, count: x.count)
        Linear.backward(x: x, weight: w, dy: r, dWeight: &dw, dBias: &db, dx: &dx, rows: rows, inDim: inDim, outDim: outDim)
        #expect(gradientMismatch(dx, centralDifferences(x) { loss($0, w, b) }) <= 1)
        #expect(gradientMismatch(dw, centralDifferences(w) { loss(x, $0, b) }) <= 1)
        #expect(gradientMismatch(db, centralDifferences(b) { loss(x, w, $0) }) <= 1)
    }

    /// Widths below and above the 8-lane vector kernels (19 = two full vectors and a tail of 3).
    @Test(arguments: [6, 19])
    func layerNorm(_ d: Int) {
        let rows = 3
        let x = testValues(rows * d, seed: 5, in: -2...2), gain = testValues(d, seed: 6), bias = testValues(d, seed: 7)
        let r = testValues(rows * d, seed: 8)
        func loss(_ x: [Double], _ gain: [Double], _ bias: [Double]) -> Double {
            var y = [Double](repeating: 0, count: rows * d), hat = y, rstd = [Double](repeating: 0, count: rows)
            LayerNorm.forward(x: x, gain: gain, bias: bias, y: &y, xhat: &hat, rstd: &rstd, rows: rows, width: d)
            return dot(y, r)
        }
        var y = [Double](repeating: 0, count: rows * d), hat = y, rstd = [Double](repeating: 0, count: rows)
        LayerNorm.forward(x: x, gain: gain, bias: bias, y: &y, xhat: &hat, rstd: &rstd, rows: rows, width: d)
        var dg = [Double](repeating: 0, count: d), db = dg, dx = [Double](repeating: 0, count: x.count)
        LayerNorm.backward(dy: r, xhat: hat, rstd: rstd, gain: gain, dGain: &dg, dBias: &db, dx: &dx, rows: rows, width: d)
        #expect(gradientMismatch(dx, centralDifferences(x) { loss($0, gain, bias) }) <= 1)
        #expect(gradientMismatch(dg, centralDifferences(gain) { loss(x, $0, bias) }) <= 1)
        #expect(gradientMismatch(db, centralDifferences(bias) { loss(x, gain, $0) }) <= 1)
    }

    @Test func relu() {
        let x = testValues(21, seed: 9).map { $0 + ($0 >= 0 ? 1e-3 : -1e-3) }, r = testValues(21, seed: 10)
        func loss(_ x: [Double]) -> Double {
            var y = [Double](repeating: 0, count: x.count)
            ReLU.forward(x: x, y: &y, count: x.count)
            return dot(y, r)
        }
        var dx = [Double](repeating: 0, count: x.count)
        ReLU.backward(x: x, dy: r, dx: &dx, count: x.count)
        #expect(gradientMismatch(dx, centralDifferences(x, loss)) <= 1)
        #expect(dx.contains(0) && dx.contains { $0 != 0 })
    }

    @Test func gatherScatterAdd() {
        let d = 3, table = testValues(5 * d, seed: 11), index = [4, 0, 4, 2], stride = 5
        let r = testValues(index.count * stride, seed: 12)
        func loss(_ table: [Double]) -> Double {
            var out = [Double](repeating: 0, count: index.count * stride)
            Gather.forward(table: table, index: index, out: &out, rows: index.count, width: d, outStride: stride)
            return zip(out, r).enumerated().reduce(0) { $0 + ($1.offset % stride < d ? $1.element.0 * $1.element.1 : 0) }
        }
        var dTable = [Double](repeating: 0, count: table.count)
        Gather.backward(dOut: r, index: index, dTable: &dTable, rows: index.count, width: d, outStride: stride)
        #expect(gradientMismatch(dTable, centralDifferences(table, loss)) <= 1)
    }

    @Test(arguments: [3, 11])
    func gatedAggregationWithIsolatedHubAndClampedGates(_ d: Int) {
        let graph = testGraph(), p = 2, n = graph.nodeCount, e = graph.edgeCount
        let agg = GatedAggregation(graph: graph)
        let h = testValues(p * n * d, seed: 13)
        var gates = testValues(p * e, seed: 14, in: 0.05...0.95)
        gates[0] = 0; gates[1] = 1; gates[e + 3] = 0; gates[e + 4] = 1
        let r = testValues(p * n * d, seed: 15)
        func loss(_ h: [Double], _ gates: [Double]) -> Double {
            var m = [Double](repeating: 0, count: p * n * d)
            agg.forward(h: h, gates: gates, m: &m, perturbations: p, width: d)
            return dot(m, r)
        }
        var m = [Double](repeating: 0, count: p * n * d)
        agg.forward(h: h, gates: gates, m: &m, perturbations: p, width: d)
        #expect(m[(5 * d)..<(6 * d)].allSatisfy { $0 == 0 })   // node 5 is isolated
        var dh = [Double](repeating: 0, count: h.count), dg = [Double](repeating: 0, count: gates.count)
        agg.backward(h: h, gates: gates, dm: r, dh: &dh, dGates: &dg, perturbations: p, width: d)
        #expect(gradientMismatch(dh, centralDifferences(h) { loss($0, gates) }) <= 1)
        #expect(gradientMismatch(dg, centralDifferences(gates) { loss(h, $0) }) <= 1)
        // The gather form on reverse-ordered gates gives exactly the scatter's numbers.
        #expect(agg.reverse != nil)
        var reversedGates = gates, reversedDGates = [Double](repeating: 0, count: gates.count)
        agg.permuteToReverse(gates, &reversedGates, perturbations: p)
        var gatherDh = [Double](repeating: 0, count: h.count), gatherDg = reversedDGates
        agg.backwardGather(h: h, reversedGates: reversedGates, dm: r, dh: &gatherDh, reversedDGates: &reversedDGates,
                           perturbations: p, width: d)
        agg.permuteToReverse(reversedDGates, &gatherDg, perturbations: p)
        #expect(gatherDh == dh && gatherDg == dg)
        var ungatedDh = [Double](repeating: 0, count: h.count), ungatedGatherDh = ungatedDh
        agg.backward(h: h, gates: nil, dm: r, dh: &ungatedDh, dGates: nil, perturbations: p, width: d)
        agg.backwardGather(h: h, reversedGates: nil, dm: r, dh: &ungatedGatherDh, reversedDGates: nil,
                           perturbations: p, width: d)
        #expect(ungatedGatherDh == ungatedDh)
        // Ungated (gates none) equals all gates 1.
        var ungated = [Double](repeating: 0, count: m.count), ones = ungated
        agg.forward(h: h, gates: nil, m: &ungated, perturbations: p, width: d)
        agg.forward(h: h, gates: [Double](repeating: 1, count: p * e), m: &ones, perturbations: p, width: d)
        #expect(ungated == ones)
    }

    @Test(arguments: [4, 11])
    func edgeScores(_ d: Int) {
        let graph = testGraph(), p = 2, n = graph.nodeCount, e = graph.edgeCount
        let score = EdgeScore(graph: graph)
        let a = testValues(p * n * d, seed: 16), b = testValues(p * n * d, seed: 17)
        let hopBias = testValues(5, seed: 18), beta = 0.8, r = testValues(p * e, seed: 19)
        let hop = (0..<(p * n)).map { $0 % 5 }
        func loss(_ a: [Double], _ b: [Double], _ beta: Double, _ hopBias: [Double]) -> Double {
            var s = [Double](repeating: 0, count: p * e)
            score.forward(a: a, b: b, beta: beta, hopBias: hopBias, hop: hop, scores: &s, perturbations: p, width: d)
            return dot(s, r)
        }
        var da = [Double](repeating: 0, count: a.count), db = da, dBeta = 0.0, dHop = [Double](repeating: 0, count: 5)
        score.backward(a: a, b: b, hop: hop, dScores: r, da: &da, db: &db, dBeta: &dBeta, dHopBias: &dHop,
                       perturbations: p, width: d)
        #expect(gradientMismatch(da, centralDifferences(a) { loss($0, b, beta, hopBias) }) <= 1)
        #expect(gradientMismatch(db, centralDifferences(b) { loss(a, $0, beta, hopBias) }) <= 1)
        #expect(gradientMismatch([dBeta], centralDifferences([beta]) { loss(a, b, $0[0], hopBias) }) <= 1)
        #expect(gradientMismatch(dHop, centralDifferences(hopBias) { loss(a, b, beta, $0) }) <= 1)
        // With reverse-ordered scores da runs as a gather: the same numbers exactly.
        var reversed = r
        GatedAggregation(graph: graph).permuteToReverse(r, &reversed, perturbations: p)
        var gatherDa = [Double](repeating: 0, count: a.count), gatherDb = gatherDa, gatherBeta = 0.0
        var gatherHop = [Double](repeating: 0, count: 5)
        score.backward(a: a, b: b, hop: hop, dScores: r, da: &gatherDa, db: &gatherDb, dBeta: &gatherBeta,
                       dHopBias: &gatherHop, perturbations: p, width: d, reversedDScores: reversed)
        #expect(gatherDa == da && gatherDb == db && gatherBeta == dBeta && gatherHop == dHop)
    }

    @Test func geneDecoder() {
        let p = 2, g = 3, dd = 4
        let o = testValues(p * g * dd, seed: 20), w = testValues(g * dd, seed: 21), b = testValues(g, seed: 22)
        let r = testValues(p * g, seed: 23)
        func loss(_ o: [Double], _ w: [Double], _ b: [Double]) -> Double {
            var y = [Double](repeating: 0, count: p * g)
            GeneDecoder.forward(o: o, weight: w, bias: b, y: &y, perturbations: p, genes: g, inDim: dd)
            return dot(y, r)
        }
        var dO = [Double](repeating: 0, count: o.count), dw = [Double](repeating: 0, count: w.count)
        var db = [Double](repeating: 0, count: g)
        GeneDecoder.backward(o: o, weight: w, dy: r, dWeight: &dw, dBias: &db, dO: &dO, perturbations: p, genes: g, inDim: dd)
        #expect(gradientMismatch(dO, centralDifferences(o) { loss($0, w, b) }) <= 1)
        #expect(gradientMismatch(dw, centralDifferences(w) { loss(o, $0, b) }) <= 1)
        #expect(gradientMismatch(db, centralDifferences(b) { loss(o, w, $0) }) <= 1)
    }

    @Test func hardConcreteSlopeClampAndExpectedL0() {
        let hc = HardConcrete()
        // Interior: slope equals the central difference for a frozen u.
        for (s, u) in [(0.3, 0.4), (-0.5, 0.7), (1.2, 0.2)] {
            let (g, slope) = hc.sample(logit: s, noise: u)
            #expect(g > 1e-3 && g < 1 - 1e-3)
            let fd = (hc.sample(logit: s + 1e-6, noise: u).gate - hc.sample(logit: s - 1e-6, noise: u).gate) / 2e-6
            #expect(abs(slope - fd) <= 1e-7 + 1e-6 * abs(fd))
        }
        // Clamped: exactly 0 or 1 with zero slope; the deterministic gate too.
        #expect(hc.sample(logit: -6.0, noise: 0.5) == (0, 0))
        #expect(hc.sample(logit: 6.0, noise: 0.5) == (1, 0))
        #expect(hc.deterministic(logit: 5.0) == (1, 0))
        #expect(hc.deterministic(logit: -5.0).gate == 0)
        // Expected L0: P(g > 0) = sigmoid(s - tau log(-gamma/zeta)) against the counter-RNG noise.
        let noise = CounterRandom(seed: 7), s = 0.4, draws = 20000
        let open = (0..<draws).filter { hc.sample(logit: s, noise: noise.uniform(.edgeGate, step: 0, id: 0, index: $0, eps: hc.eps)).gate > 0 }.count
        #expect(abs(Double(open) / Double(draws) - Activation.sigmoid(hc.openLogit(s))) < 0.01)
    }

    @Test func lossPrimitivesAreStable() {
        #expect(Activation.softplus(1000.0) == 1000)
        #expect(Activation.softplus(-1000.0) == 0)
        for (z, y) in [(0.3, 1.0), (-2.0, 0.0), (4.0, 1.0)] {
            let (_, dz) = Activation.bceWithLogits(logit: z, label: y)
            let fd = (Activation.bceWithLogits(logit: z + 1e-6, label: y).loss - Activation.bceWithLogits(logit: z - 1e-6, label: y).loss) / 2e-6
            #expect(abs(dz - fd) < 1e-8)
        }
        #expect(Activation.bceWithLogits(logit: 800.0, label: 0.0).loss == 800)
    }
}
