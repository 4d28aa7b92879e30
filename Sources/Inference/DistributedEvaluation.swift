import CellEval
import DistTrain

/// `Evaluator.evaluate` split over MPI ranks: every rank holds both sides' cells (the inputs are read whole
/// on each rank), scores the perturbations p with p mod R == rank on its cores, and the rows are gathered to
/// every rank in label order. One rank gives exactly `Evaluator.evaluate`'s result.
extension Evaluator {
    public static func evaluate(genes: [String], labels: [String], real: EvaluationSide, pred: EvaluationSide,
                                comm: some Communicator) throws -> EvaluationResult {
        guard comm.size > 1 else { return evaluate(genes: genes, labels: labels, real: real, pred: pred) }
        let context = EvaluationContext(genes: genes, labels: labels, realControl: real.control,
                                        predControl: pred.control, realMeans: real.means(), predMeans: pred.means())
        let mine = Array(stride(from: comm.rank, to: labels.count, by: comm.size))
        let rows = parallelMap(mine.count) { k in
            context.evaluate(mine[k], real: real.perturbations[mine[k]], pred: pred.perturbations[mine[k]])
        }
        // Per row: the label index, then for every metric (1 if present else 0, value or 0).
        var packed: [Double] = []
        for (p, row) in zip(mine, rows) {
            packed.append(Double(p))
            for value in row.values { packed += [value == nil ? 0 : 1, value ?? 0] }
        }
        let width = 1 + 2 * MetricName.allCases.count
        var gathered = [PerturbationResult?](repeating: nil, count: labels.count)
        for block in try comm.allgatherv(packed) {
            for start in stride(from: 0, to: block.count, by: width) {
                let p = Int(block[start])
                let values = (0..<MetricName.allCases.count).map { m -> Double? in
                    block[start + 1 + 2 * m] == 1 ? block[start + 2 + 2 * m] : nil
                }
                gathered[p] = PerturbationResult(label: labels[p], values: values)
            }
        }
        return EvaluationResult(rows: gathered.map { $0! })
    }
}
