import Core
import Foundation
import HDF5

/// One row of `metrics.csv`. Training rows carry the step's global loss and its parts; validation rows
/// (`split=val`) carry the validation score and its components. Empty fields are left blank.
public struct MetricsRow: Equatable, Sendable {
    public var step: Int
    public var epoch: Int
    public var split: String
    public var values: [String: Double]

    public init(step: Int, epoch: Int, split: String, values: [String: Double]) {
        self.step = step
        self.epoch = epoch
        self.split = split
        self.values = values
    }
}

/// `metrics.csv`: a CSV table with a fixed header (docs/cli.md), appended as training goes; on resume the
/// rows after the checkpoint's step are dropped before appending.
public final class MetricsLog {
    public static let columns = [
        "loss", "lr", "loss_effect", "loss_responder", "loss_effect_gate", "loss_l0", "loss_direction",
        "grad_norm", "cells_per_s", "edges_open", "val_score", "val_des", "val_deg_ratio", "val_mse_top20",
    ]
    public static let header = ["step", "epoch", "split"] + columns

    private let handle: FileHandle

    /// Opens `path` for appending, keeping only rows with step <= `keepThrough` (all rows when nil);
    /// a file with another header is refused rather than mixed.
    public init(path: String, keepThrough: Int?) throws {
        var kept = CSVTable(header: Self.header)
        if let keep = keepThrough, FileManager.default.fileExists(atPath: path) {
            let existing = try CSVTable.read(path: path)
            guard existing.header == Self.header else {
                throw AdaPertError("\(path) has an unexpected header; move it away or start a new --output directory")
            }
            for (line, fields) in existing.rows.enumerated() where Int(fields[0]) == nil {
                throw AdaPertError("\(path): line \(line + 2) has step '\(fields[0])', not a whole number; "
                    + "rewrite it with the adapert command that made it, or move it away")
            }
            kept.rows = existing.rows.filter { fields in Int(fields[0])! <= keep }
        }
        do { try kept.text().write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw AdaPertError("cannot write \(path); check the run directory's permissions")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw AdaPertError("cannot append to \(path); check the run directory's permissions")
        }
        handle.seekToEndOfFile()
        self.handle = handle
    }

    deinit { try? handle.close() }

    public func append(_ row: MetricsRow) {
        let fields = [String(row.step), String(row.epoch), row.split] + Self.columns.map { name in
            row.values[name].map { "\($0)" } ?? ""
        }
        handle.write(Data(CSVTable.line(fields).utf8))
    }

    /// Rows of an existing metrics file (for tests and reports).
    public static func read(path: String) throws -> [MetricsRow] {
        let table = try CSVTable.read(path: path)
        return table.rows.compactMap { fields in
            guard let step = Int(fields[0]), let epoch = Int(fields[1]) else { return nil }
            var values: [String: Double] = [:]
            for (name, field) in zip(table.header.dropFirst(3), fields.dropFirst(3)) where !field.isEmpty {
                values[name] = Double(field)
            }
            return MetricsRow(step: step, epoch: epoch, split: fields[2], values: values)
        }
    }
}
