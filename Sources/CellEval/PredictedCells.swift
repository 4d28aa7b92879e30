import Model

/// Predicted single cells for a predicted mean response (docs/metrics.md "Predicted cells"): cell i of perturbation p
/// is control cell c_i plus the predicted delta, floored at 0, where c_i is drawn uniformly with replacement
/// from the control cells by a counter-based hash of (seed, p, i). A gene whose delta is exactly 0 is left
/// exactly as in control (x + 0 = x), so it is never called a DEG.
public enum PredictedCells {
    /// `count` x G cells. `control`: control cells (log1p, G columns); `delta`: G predicted deltas;
    /// `perturbation`: a stable id, e.g. `CounterHash.key(label)` of the canonical label.
    public static func sample(control: CellMatrix, delta: [Float], count: Int, seed: UInt64,
                              perturbation: UInt64) -> CellMatrix {
        let g = control.columns
        precondition(delta.count == g, "delta must have one value per gene")
        precondition(control.rows > 0 || count == 0, "need control cells to sample from")
        var out = [Float](repeating: 0, count: count * g)
        control.values.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                for i in 0..<count {
                    let c = CounterHash.index(CounterHash.bits(seed, perturbation, UInt64(i)), below: control.rows)
                    for gene in 0..<g { y[i * g + gene] = max(0, x[c * g + gene] + delta[gene]) }
                }
            }
        }
        return CellMatrix(rows: count, columns: g, values: out)
    }
}
