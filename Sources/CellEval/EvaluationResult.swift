/// The evaluation of a set of perturbations: one row per perturbation (sorted by label as cell-eval sorts
/// them, by Unicode code points) and cell-eval's aggregate per metric.
public struct EvaluationResult: Sendable, Equatable {
    public let rows: [PerturbationResult]

    /// Gathers rows computed anywhere (threads, ranks) into label order.
    public init(rows: [PerturbationResult]) {
        self.rows = rows.sorted { $0.label.unicodeScalars.lexicographicallyPrecedes($1.label.unicodeScalars) }
    }

    /// describe() of each metric over `rows` (or a subset), in `MetricName.allCases` order.
    public func summaries(of subset: [PerturbationResult]? = nil) -> [MetricSummary] {
        let selected = subset ?? rows
        return MetricName.allCases.map { metric in MetricSummary(selected.map { $0[metric] }) }
    }

    /// Mean of every metric over all perturbations (nil where undefined or NaN).
    public func means(of subset: [PerturbationResult]? = nil) -> [MetricName: Double?] {
        Dictionary(uniqueKeysWithValues: zip(MetricName.allCases, summaries(of: subset).map { $0.mean }))
    }

    public var strong: [PerturbationResult] { rows.filter(\.isStrong) }
    public var weak: [PerturbationResult] { rows.filter { !$0.isStrong } }
}
