@testable import AdaPertCLI
@testable import AnnData
@testable import Core
import Foundation
@testable import KnowledgeGraph
@testable import TestSupport
import Testing

@Suite struct InspectTests {
    /// NaN, infinite or negative expression is no valid screen for inspect either (train refuses it too).
    @Test(arguments: [Float.nan, .infinity, -1])
    func unusableValuesAreReported(value: Float) throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("bad.h5ad").path
            let writer = try AnnDataWriter(path: path, varNames: ["A", "B"])
            try writer.appendRows(TestFiles.csr([[1, value], [0, 2], [3, 0]]),
                                  obs: ["perturbation": .strings(["STAT1", "non-targeting", "JAK2"])])
            try writer.finish()
            let error = #expect(throws: AdaPertError.self) { try DatasetInspection.inspect(try AnnDataFile(path: path)) }
            let expected = value < 0 ? "0 NaN or infinite and 1 negative values" : "1 NaN or infinite and 0 negative values"
            #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        }
    }

    @Test func reportOfTheSmallFile() throws {
        try TestFiles.withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("s.h5ad").path
            try TestFiles.writeSmallFile(at: path)
            let report = try DatasetInspection.inspect(try AnnDataFile(path: path))
            #expect(report.nCells == 6 && report.nGenes == 4 && report.xEncoding == "csr_matrix")
            #expect(report.isCounts && report.nNonzero == 11 && report.sum == 28 && report.maxValue == 7)
            #expect(report.perturbationKey == "perturbation" && report.controlLabel == "non-targeting")
            #expect(report.perturbations == ["STAT1": 2, "JAK2": 1])
            #expect(report.nControlCells == 2 && report.nExcludedCells == 1 && report.nPerturbations == 2)
            let coverage = GraphCoverage(measuredGenes: 4, measuredInGraph: 3, targets: 2, targetsInGraph: 1,
                                         targetsMissing: ["JAK2"], extraNodes: 0, edges: 5, warnings: [])
            let output = InspectionReport(dataset: report, graph: coverage)
            let json = try JSONSerialization.jsonObject(with: Data(try output.json().utf8)) as? [String: Any]
            #expect((json?["graph"] as? [String: Any])?["targets_missing"] as? [String] == ["JAK2"])
            for key in ["n_cells", "n_genes", "x_encoding", "is_counts", "perturbation_key", "control_label",
                        "n_control_cells", "n_perturbations", "n_excluded_cells", "perturbations"] {
                #expect(json?[key] != nil, "missing \(key)")
            }
            #expect(output.text().contains("6 cells x 4 genes") && output.text().contains("3 of 4 measured genes"))
            let excludedNothing = try DatasetInspection.inspect(try AnnDataFile(path: path), excluded: [])
            #expect(excludedNothing.perturbations["unassigned"] == 1)
        }
    }

    @Test func commandOptionsParse() throws {
        let command = try InspectCommand.parse(["d.h5ad", "--perturbation-key", "condition", "--control", "NTC",
                                                "--layer", "counts", "--exclude", "a,b", "--json"])
        #expect(command.data == "d.h5ad" && command.perturbationKey == "condition" && command.control == "NTC")
        #expect(command.layer == "counts" && command.exclude == "a,b" && command.json)
    }
}
