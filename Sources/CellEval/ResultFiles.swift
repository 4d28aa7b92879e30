import AnnData
import Core
import Foundation

/// The files `evaluate` writes (docs/cli.md): results.csv, agg_results.csv (cell-eval's layout), summary.json, and
/// with a ceiling ceiling_results.csv and agg_ceiling_results.csv. Numbers as polars writes them: NaN as
/// `NaN`, null as an empty field.
public enum ResultFiles {
    /// `categories` (label -> category, e.g. a combination split's combo_seen2) add strata to summary.json.
    public static func write(_ result: EvaluationResult, ceiling: Ceiling.Result?, categories: [String: String] = [:],
                             to directory: URL) throws {
        try OutputFolder.create(directory.path, chosenBy: "--outdir")
        try save(resultsCSV(result), directory.appendingPathComponent("results.csv"))
        try save(aggregateCSV(result), directory.appendingPathComponent("agg_results.csv"))
        try save(summaryJSON(result, ceiling: ceiling, categories: categories), directory.appendingPathComponent("summary.json"))
        if let ceiling {
            try save(resultsCSV(ceiling.halfDepth), directory.appendingPathComponent("ceiling_results.csv"))
            try save(ceilingCSV(ceiling), directory.appendingPathComponent("agg_ceiling_results.csv"))
        }
    }

    /// perturbation, stratum, then one column per metric.
    public static func resultsCSV(_ result: EvaluationResult) -> String {
        CSVTable(header: ["perturbation", "stratum"] + MetricName.allCases.map(\.rawValue), rows: result.rows.map { row in
            [row.label, row.isStrong ? "strong" : "weak"] + row.values.map(number)
        }).text()
    }

    /// `statistic` column (count, null_count, mean, std, min, 25%, 50%, 75%, max), one column per metric.
    public static func aggregateCSV(_ result: EvaluationResult) -> String {
        let summaries = result.summaries()
        return CSVTable(header: ["statistic"] + MetricName.allCases.map(\.rawValue),
                        rows: MetricSummary.statistics.enumerated().map { i, statistic in
                            [statistic] + summaries.map { number($0.values[i]) }
                        }).text()
    }

    /// One row: the Spearman-Brown ceiling per metric (cell-eval's agg_ceiling_results.csv).
    public static func ceilingCSV(_ ceiling: Ceiling.Result) -> String {
        CSVTable(header: MetricName.allCases.map(\.rawValue),
                 rows: [MetricName.allCases.map { number(ceiling.ceiling[$0]) }]).text()
    }

    /// The strata of the means: strong and weak always; when some label is a double perturbation (two
    /// targets joined by '+'), double and, if any are evaluated, single; one per category of `categories`
    /// (label -> category).
    public static func strata(_ result: EvaluationResult, categories: [String: String] = [:]) -> [(name: String, rows: [PerturbationResult])] {
        var strata = [("strong", result.strong), ("weak", result.weak)]
        let isDouble = { (row: PerturbationResult) in PerturbationLabels.targets(of: row.label).count > 1 }
        let singles = result.rows.filter { !isDouble($0) }, doubles = result.rows.filter(isDouble)
        if !doubles.isEmpty { strata += (singles.isEmpty ? [] : [("single", singles)]) + [("double", doubles)] }
        for category in Set(categories.values).sorted() {
            strata.append((category, result.rows.filter { categories[$0.label] == category }))
        }
        return strata
    }

    /// {"metrics": {name: mean}, "strata": {stratum: {name: mean}}, "stratum_sizes": {stratum: n},
    /// "n_perturbations", "n_strong", "cell_eval_version", "ceiling"?}; a NaN or undefined mean is null.
    /// Strata as `strata(_:categories:)` gives them.
    public static func summaryJSON(_ result: EvaluationResult, ceiling: Ceiling.Result?,
                                   categories: [String: String] = [:]) throws -> String {
        func object(_ means: [MetricName: Double?]) -> [String: Any] {
            Dictionary(uniqueKeysWithValues: MetricName.allCases.map { metric in
                (metric.rawValue, jsonNumber(means[metric] ?? nil))
            })
        }
        let strata = strata(result, categories: categories)
        var summary: [String: Any] = [
            "metrics": object(result.means()),
            "strata": Dictionary(uniqueKeysWithValues: strata.map { ($0.name, object(result.means(of: $0.rows))) }),
            "stratum_sizes": Dictionary(uniqueKeysWithValues: strata.map { ($0.name, $0.rows.count) }),
            "strong_threshold_real_degs": PerturbationResult.strongThreshold,
            "n_perturbations": result.rows.count,
            "n_strong": result.strong.count,
            "cell_eval_version": Evaluator.version,
        ]
        if let ceiling {
            summary["ceiling"] = object(ceiling.ceiling.mapValues { Optional($0) })
        }
        let data = try JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }

    private static func jsonNumber(_ value: Double?) -> Any {
        guard let value, value.isFinite else { return NSNull() }
        return value
    }

    private static func save(_ text: String, _ url: URL) throws {
        try OutputFile.write(text, to: url.path, chosenBy: "--outdir")
    }
}
