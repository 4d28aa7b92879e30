import AnnData
import CellEval
import Core
import DistTrain
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
    /// Rank 0 writes; the other ranks send it their control cells and the real cells of the perturbations they own.
    public static func write(loaded: LoadedRun, ids: [Int], deltas: [[Float]], output: String, writeReal: String?,
                             comm: some Communicator = LocalCommunicator.oneRank()) throws {
        let labels = ids.map { loaded.run.annotation.labels[$0] }
        for (path, option) in [(output, "--output")] + (writeReal.map { [($0, "--write-real")] } ?? []) {
            try AnnDataWriter.requireFilePath(path)
            if comm.rank == 0 { try OutputFolder.create(URL(fileURLWithPath: path).deletingLastPathComponent().path, chosenBy: option) }
        }
        let control = try loaded.gatheredControlCells(comm: comm), cellCounts = try loaded.cellCounts(ids, comm: comm)
        if comm.rank == 0 {
            try writePredicted(path: output, genes: loaded.run.genes, control: control, labels: labels,
                               deltas: deltas, cellCounts: cellCounts)
            let stem = output.hasSuffix(".h5ad") ? String(output.dropLast(5)) : output
            try writeDeltas(path: stem + ".deltas.csv", genes: loaded.run.genes, labels: labels, deltas: deltas)
        }
        if let writeReal { try PredictionFiles.writeReal(path: writeReal, loaded: loaded, ids: ids, control: control, comm: comm) }
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

    /// The matching real cells (same preprocessing, genes and labels) for `evaluate`, written by rank 0 as
    /// each perturbation's cells arrive from its owner; `control` is every control cell (on rank 0).
    static func writeReal(path: String, loaded: LoadedRun, ids: [Int], control: CellMatrix, comm: some Communicator) throws {
        let writer = comm.rank == 0 ? try AnnDataWriter(path: path, varNames: loaded.run.genes) : nil
        if let writer { try append(control, label: PerturbationLabels.control, to: writer) }
        for p in ids {
            let cells = try loaded.gatheredRealCells(p, comm: comm)
            if let writer { try append(cells, label: loaded.run.annotation.labels[p], to: writer) }
        }
        try writer?.finish()
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
