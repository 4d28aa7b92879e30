/// PDS, cell-eval 0.8.2 `discrimination_score_l1` with signed deltas: for perturbation p,
/// d_q = L1(delta_real(q), delta_pred(p)) over all genes except those cell-eval excludes for p (the gene whose
/// name equals p's label), rank = #{q : d_q < d_p} + #{q < p : d_q == d_p} (numpy argsort position; ties in
/// index order), PDS(p) = 1 - rank / P.
enum DiscriminationScore {
    /// `realDeltas` is P x G row-major.
    static func score(perturbation p: Int, predDelta: ArraySlice<Float>, realDeltas: [Float], genes g: Int,
                      excluded: [Int]) -> Double {
        let count = realDeltas.count / g
        let pred = Array(predDelta)
        var distances = [Double](repeating: 0, count: count)
        realDeltas.withUnsafeBufferPointer { real in
            pred.withUnsafeBufferPointer { x in
                for q in 0..<count {
                    let row = UnsafeBufferPointer(rebasing: real[(q * g)..<((q + 1) * g)])
                    var d = l1Distance(row, x)
                    for t in excluded { d -= Double(abs(row[t] - x[t])) }
                    distances[q] = d
                }
            }
        }
        let own = distances[p]
        var rank = 0
        for q in 0..<count where distances[q] < own || (distances[q] == own && q < p) { rank += 1 }
        return 1 - Double(rank) / Double(count)
    }

    /// sum |a - b|: SIMD Float partial sums over blocks of 256, blocks added in Double.
    static func l1Distance(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>) -> Double {
        let n = a.count
        var total = 0.0
        var start = 0
        while start < n {
            let end = min(start + 256, n)
            var acc = SIMD8<Float>(repeating: 0)
            var i = start
            while i + 8 <= end {
                let va = UnsafeRawPointer(a.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
                let vb = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
                let d = va - vb
                acc += d.replacing(with: -d, where: d .< 0)
                i += 8
            }
            var block = Double(acc.sum())
            while i < end { block += Double(abs(a[i] - b[i])); i += 1 }
            total += block
            start = end
        }
        return total
    }
}
