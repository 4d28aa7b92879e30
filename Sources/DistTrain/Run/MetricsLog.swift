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

/// `metrics.csv`: plain commas, a fixed header (docs/cli.md), appended as training goes; on resume the rows
/// after the checkpoint's step are dropped before appending.
public final class MetricsLog {
    public static let columns = [
        "loss", "lr", "loss_effect", "loss_responder", "loss_effect_gate", "loss_l0", "loss_direction",
        "grad_norm", "cells_per_s", "edges_open", "val_score", "val_des", "val_deg_ratio", "val_mse_top20",
    ]
    public static let header = (["step", "epoch", "split"] + columns).joined(separator: ",")

    private let handle: FileHandle

    /// Opens `path` for appending, keeping only rows with step <= `keepThrough` (all rows when nil);
    /// a file with another header is refused rather than mixed.
    public init(path: String, keepThrough: Int?) throws {
        var kept = [Self.header]
        if let keep = keepThrough, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            guard lines.first == Self.header else {
                throw AdaPertError("\(path) has an unexpected header; move it away or start a new --output directory")
            }
            kept += lines.dropFirst().filter { line in
                guard let step = Int(line.prefix { $0 != "," }) else { return false }
                return step <= keep
            }
        }
        try (kept.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
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
        handle.write((fields.joined(separator: ",") + "\n").data(using: .utf8)!)
    }

    /// Rows of an existing metrics file (for tests and reports).
    public static func read(path: String) throws -> [MetricsRow] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AdaPertError("cannot read \(path)")
        }
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        guard let head = lines.first else { return [] }
        return lines.dropFirst().compactMap { fields in
            guard fields.count == head.count, let step = Int(fields[0]), let epoch = Int(fields[1]) else { return nil }
            var values: [String: Double] = [:]
            for (name, field) in zip(head.dropFirst(3), fields.dropFirst(3)) where !field.isEmpty {
                values[name] = Double(field)
            }
            return MetricsRow(step: step, epoch: epoch, split: fields[2], values: values)
        }
    }
}
