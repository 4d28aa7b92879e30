import Foundation
import Model

/// A generated real/predicted pair for timing `evaluate` (`adapert evaluate --synthetic PxGxNxC`): sparse
/// log1p-like cells (about 60% zeros, small counts), each perturbation moving 20 genes of its own; the
/// prediction is `PredictedCells` from the true mean delta, so DE is called on both sides.
public enum SyntheticPair {
    public static func make(perturbations p: Int, genes g: Int, cellsPerPerturbation n: Int, controlCells c: Int,
                     seed: UInt64 = 0) -> (genes: [String], labels: [String], real: EvaluationSide, pred: EvaluationSide) {
        let genes = (0..<g).map { "GENE\($0)" }
        let labels = (0..<p).map { "GENE\($0 % g)" + ($0 < g ? "" : "+GENE\(($0 / g + $0) % g)") }
        let control = cells(rows: c, genes: g, group: UInt64.max, seed: seed, shift: nil)
        let real = parallelMap(p) { i in
            cells(rows: n, genes: g, group: UInt64(i), seed: seed, shift: { gene in (gene - i + g) % g < 20 ? 0.8 : 0 })
        }
        let controlMeans = control.columnMeans()
        let pred = parallelMap(p) { i in
            let means = real[i].columnMeans()
            let delta = (0..<g).map { Float(means[$0] - controlMeans[$0]) }
            return PredictedCells.sample(control: control, delta: delta, count: n, seed: seed, perturbation: UInt64(i))
        }
        return (genes, labels, EvaluationSide(control: control, perturbations: real),
                EvaluationSide(control: control, perturbations: pred))
    }

    /// log1p of a small count: 0 with probability ~0.6, else 1..4 (+ `shift` for responding genes).
    private static func cells(rows: Int, genes g: Int, group: UInt64, seed: UInt64,
                              shift: ((Int) -> Float)?) -> CellMatrix {
        var values = [Float](repeating: 0, count: rows * g)
        for r in 0..<rows {
            for gene in 0..<g {
                let bits = CounterHash.bits(seed, group, UInt64(r), UInt64(gene))
                let count = (bits & 0xFF) < 154 ? 0 : Float((bits >> 8) & 3) + 1
                values[r * g + gene] = log1pf(count) + (count > 0 ? (shift?(gene) ?? 0) : 0)
            }
        }
        return CellMatrix(rows: rows, columns: g, values: values)
    }
}
