@testable import CellEval
import Foundation
import Testing

/// summary.json's strata: strong/weak always, single/double when doubles are evaluated, and a combination
/// split's categories; each stratum's mean is over its own perturbations.
@Test func strataSplitSinglesDoublesAndCombinationCategories() throws {
    func row(_ label: String, pearson: Double, realDEGs: Double) -> PerturbationResult {
        PerturbationResult(label: label, values: MetricName.allCases.map { metric in
            metric == .pearsonDelta ? pearson : metric == .nsigCountsReal ? realDEGs : 0
        })
    }
    let result = EvaluationResult(rows: [row("A", pearson: 0.1, realDEGs: 30), row("B+C", pearson: 0.5, realDEGs: 2),
                                         row("D+E", pearson: 0.9, realDEGs: 2), row("F", pearson: 0.3, realDEGs: 1)])
    let categories = ["B+C": "combo_seen2", "D+E": "combo_seen1"]
    let strata = ResultFiles.strata(result, categories: categories)
    #expect(strata.map(\.name) == ["strong", "weak", "single", "double", "combo_seen1", "combo_seen2"])
    #expect(strata.map { $0.rows.map(\.label) } == [["A"], ["B+C", "D+E", "F"], ["A", "F"], ["B+C", "D+E"], ["D+E"], ["B+C"]])
    #expect(ResultFiles.strata(EvaluationResult(rows: [row("A", pearson: 0, realDEGs: 0)])).map(\.name) == ["strong", "weak"])

    let json = try JSONSerialization.jsonObject(with: Data(try ResultFiles.summaryJSON(result, ceiling: nil, categories: categories).utf8)) as! [String: Any]
    let means = json["strata"] as! [String: [String: Any]]
    #expect(abs((means["double"]!["pearson_delta"] as! Double) - 0.7) < 1e-12)
    #expect(abs((means["single"]!["pearson_delta"] as! Double) - 0.2) < 1e-12)
    #expect(means["combo_seen2"]!["pearson_delta"] as! Double == 0.5)
    #expect((json["stratum_sizes"] as! [String: Int]) == ["strong": 1, "weak": 3, "single": 2, "double": 2, "combo_seen1": 1, "combo_seen2": 1])
}
