@testable import AdaPertCLI
@testable import AnnData
import Foundation
@testable import KnowledgeGraph
@testable import TestSupport
import Testing

@Suite struct InspectTests {
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
