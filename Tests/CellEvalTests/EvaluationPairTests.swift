@testable import CellEval
import Testing

@Suite struct EvaluationPairTests {
    private func file(_ path: String, genes: [String], labels: [String], controlRows: Int = 2) -> EvaluationFile {
        let g = genes.count
        let cells = CellMatrix(rows: 2, columns: g, values: [Float](repeating: 1, count: 2 * g))
        return EvaluationFile(path: path, genes: genes, key: "target_gene",
                              control: CellMatrix(rows: controlRows, columns: g, values: [Float](repeating: 0.5, count: controlRows * g)),
                              groups: Dictionary(uniqueKeysWithValues: labels.map { ($0, cells) }), wasCounts: false)
    }

    private func message(_ body: () throws -> Void) -> String {
        do { try body(); return "" } catch { return "\(error)" }
    }

    @Test func mismatchesAreExplained() {
        let real = file("real.h5ad", genes: ["A", "B", "C"], labels: ["A", "B"])
        let genes = message { _ = try EvaluationPair(real: real, pred: file("pred.h5ad", genes: ["A", "B", "D"], labels: ["A", "B"])) }
        #expect(genes.contains("missing [C]") && genes.contains("extra [D]"))
        let order = message { _ = try EvaluationPair(real: real, pred: file("pred.h5ad", genes: ["B", "A", "C"], labels: ["A", "B"])) }
        #expect(order.contains("different order"))
        let perts = message { _ = try EvaluationPair(real: real, pred: file("pred.h5ad", genes: ["A", "B", "C"], labels: ["A", "C+D"])) }
        #expect(perts.contains("only in real [B]") && perts.contains("only in pred [C+D]"))
        let control = message { _ = try EvaluationPair(real: real, pred: file("pred.h5ad", genes: ["A", "B", "C"], labels: ["A", "B"], controlRows: 0)) }
        #expect(control.contains("pred.h5ad: no control cells"))
        let ok = try? EvaluationPair(real: real, pred: file("pred.h5ad", genes: ["A", "B", "C"], labels: ["B", "A"]))
        #expect(ok?.labels == ["A", "B"])
    }
}
