import Core
import Foundation

/// One method's evaluation as `evaluate` wrote it: results.csv (per perturbation) and summary.json (means,
/// strata, and for the ceiling the Spearman-Brown values).
public struct MethodResults: Sendable {
    public struct Row: Sendable {
        public var label: String
        public var isStrong: Bool
        /// NaN and empty fields are absent.
        public var values: [String: Double]
    }

    public let name: String
    public let rows: [Row]
    /// summary.json "metrics": mean over perturbations (null -> absent).
    public let means: [String: Double]
    public let strong: [String: Double]
    public let weak: [String: Double]
    /// summary.json "ceiling" (only the ceiling's and a --ceiling evaluation's).
    public let ceiling: [String: Double]
    public let evaluatorVersion: String

    public static func read(directory: String, name: String) throws -> MethodResults {
        let csvPath = directory + "/results.csv", jsonPath = directory + "/summary.json"
        guard let json = FileManager.default.contents(atPath: jsonPath),
              let summary = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw AdaPertError("\(jsonPath): missing or unreadable; rerun 'adapert report' with --recompute")
        }
        let table = try CSVTable.read(path: csvPath)
        guard table.header.starts(with: ["perturbation", "stratum"]) else {
            throw AdaPertError("\(csvPath): expected the header 'perturbation,stratum,...' that adapert evaluate writes")
        }
        let rows = table.rows.map { fields in
            var values: [String: Double] = [:]
            for (metric, field) in zip(table.header.dropFirst(2), fields.dropFirst(2)) {
                if let v = Double(field), v.isFinite { values[metric] = v }
            }
            return Row(label: fields[0], isStrong: fields[1] == "strong", values: values)
        }
        let strata = summary["strata"] as? [String: Any]
        return MethodResults(name: name, rows: rows, means: numbers(summary["metrics"]),
                             strong: numbers(strata?["strong"]), weak: numbers(strata?["weak"]),
                             ceiling: numbers(summary["ceiling"]),
                             evaluatorVersion: summary["cell_eval_version"] as? String ?? "unknown")
    }

    public func row(_ label: String) -> Row? { rows.first { $0.label == label } }

    /// Mean of `metric` over the rows whose labels are in `labels` (absent values skipped); nil if none.
    public func mean(_ metric: String, over labels: Set<String>) -> Double? {
        let values = rows.filter { labels.contains($0.label) }.compactMap { $0.values[metric] }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    private static func numbers(_ object: Any?) -> [String: Double] {
        guard let dictionary = object as? [String: Any] else { return [:] }
        return dictionary.compactMapValues { ($0 as? NSNumber)?.doubleValue ?? ($0 as? Double) ?? ($0 as? Int).map(Double.init) }
    }
}
