import Core

/// A real and a predicted file checked against each other (same genes in the same order, the same
/// perturbations, control cells in both) and arranged for `Evaluator`.
public struct EvaluationPair {
    public let genes: [String]
    /// Non-control labels in Unicode code-point order (cell-eval's order).
    public let labels: [String]
    public let real: EvaluationSide
    public let pred: EvaluationSide

    public init(real: EvaluationFile, pred: EvaluationFile) throws {
        if real.genes != pred.genes {
            let predSet = Set(pred.genes), realSet = Set(real.genes)
            let missing = real.genes.filter { !predSet.contains($0) }, extra = pred.genes.filter { !realSet.contains($0) }
            if missing.isEmpty && extra.isEmpty {
                throw AdaPertError("\(pred.path): same genes as \(real.path) but in a different order; write the "
                    + "prediction with the real file's var order (adapert predict does)")
            }
            throw AdaPertError("\(pred.path): genes differ from \(real.path): missing \(Self.list(missing)), extra "
                + "\(Self.list(extra)); predict the real file's genes in its order")
        }
        for file in [real, pred] where file.control.rows == 0 {
            throw AdaPertError("\(file.path): no control cells ('non-targeting'); pass --control with the label of "
                + "the control cells (pred must carry the real control cells)")
        }
        let realLabels = Set(real.groups.keys), predLabels = Set(pred.groups.keys)
        if realLabels != predLabels {
            throw AdaPertError("\(pred.path) and \(real.path) hold different perturbations: only in real "
                + "\(Self.list(realLabels.subtracting(predLabels).sorted())), only in pred "
                + "\(Self.list(predLabels.subtracting(realLabels).sorted())); predict exactly the real file's perturbations")
        }
        genes = real.genes
        labels = realLabels.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        self.real = EvaluationSide(control: real.control, perturbations: labels.map { real.groups[$0]! })
        self.pred = EvaluationSide(control: pred.control, perturbations: labels.map { pred.groups[$0]! })
    }

    /// At most 10 names, then the count of the rest.
    static func list(_ names: [String]) -> String {
        "[" + names.prefix(10).joined(separator: ", ") + (names.count > 10 ? ", ... (\(names.count) in all)" : "") + "]"
    }
}
