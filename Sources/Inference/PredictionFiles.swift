import AnnData
import CellEval
import Core
import Foundation
import Model

/// Writes predictions in the layout Arc's cell-eval expects: obs `target_gene` (canonical labels; the real
/// control cells first, labelled `non-targeting`), var = the model's genes in order, X = log1p float32 CSR.
/// Perturbation p gets as many predicted cells as the real data has: control cells drawn with replacement
/// (seeded by seed, p's label and the cell index) plus the predicted delta, floored at 0.
public enum PredictionFiles {
    public static let seed: UInt64 = 0

    /// The files of `predict` and `baseline`: predicted cells at `output`, the deltas CSV beside them
    /// (`PRED.deltas.csv`), and the matching real cells at `writeReal` when given; folders are created. Every
    /// destination is checked first, so that a bad `--write-real` does not fail after the predictions are written.
    public static func write(loaded: LoadedRun, ids: [Int], deltas: [[Float]], output: String, writeReal: String?) throws {
        let labels = ids.map { loaded.run.annotation.labels[$0] }
        for (path, option) in [(output, "--output")] + (writeReal.map { [($0, "--write-real")] } ?? []) {
            try AnnDataWriter.requireFilePath(path)
            try OutputFolder.create(URL(fileURLWithPath: path).deletingLastPathComponent().path, chosenBy: option)
        }
        try writePredicted(path: output, genes: loaded.run.genes, control: loaded.controlCells, labels: labels,
                           deltas: deltas, cellCounts: ids.map { loaded.run.shard.cellCount(of: Int32($0)) })
        let stem = output.hasSuffix(".h5ad") ? String(output.dropLast(5)) : output
        try writeDeltas(path: stem + ".deltas.csv", genes: loaded.run.genes, labels: labels, deltas: deltas)
        if let writeReal { try PredictionFiles.writeReal(path: writeReal, loaded: loaded, ids: ids) }
    }

    public static func writePredicted(path: String, genes: [String], control: CellMatrix, labels: [String],
                                      deltas: [[Float]], cellCounts: [Int]) throws {
        let writer = try AnnDataWriter(path: path, varNames: genes)
        try append(control, label: PerturbationLabels.control, to: writer)
        for (k, label) in labels.enumerated() {
            let cells = PredictedCells.sample(control: control, delta: deltas[k], count: cellCounts[k], seed: seed,
                                              perturbation: CounterHash.key(label))
            try append(cells, label: label, to: writer)
        }
        try writer.setUns("adapert_predicted_cells", string: "control cell + predicted delta, floored at 0; seed \(seed)")
        try writer.finish()
    }

    /// The matching real cells (same preprocessing, genes and labels) for `evaluate`.
    public static func writeReal(path: String, loaded: LoadedRun, ids: [Int]) throws {
        let writer = try AnnDataWriter(path: path, varNames: loaded.run.genes)
        try append(loaded.controlCells, label: PerturbationLabels.control, to: writer)
        for p in ids { try append(loaded.realCells(p), label: loaded.run.annotation.labels[p], to: writer) }
        try writer.finish()
    }

    /// Per-perturbation mean deltas: one row per perturbation, one column per gene.
    public static func writeDeltas(path: String, genes: [String], labels: [String], deltas: [[Float]]) throws {
        let text = CSVTable(header: ["target_gene"] + genes, rows: zip(labels, deltas).map { label, delta in
            [label] + delta.map { "\($0)" }
        }).text()
        try OutputFile.write(text, to: path, chosenBy: "--output")
    }

    static func append(_ cells: CellMatrix, label: String, to writer: AnnDataWriter) throws {
        let chunk = CSRMatrix(dense: cells.values, rows: cells.rows, columns: cells.columns)
        let start = writer.nObs
        try writer.appendRows(chunk, obsNames: (start..<(start + cells.rows)).map { "cell\($0)" },
                              obs: ["target_gene": .strings([String](repeating: label, count: cells.rows))])
    }
}
