@testable import AnnData
@testable import TestSupport
import Testing

/// The real files in ../shared/data (skipped when absent, as on a fresh machine).
@Suite struct AnnDataRealFileTests {
    static let papalexi = TestFiles.sharedFile("papalexi2021_thp1_rep12.h5ad")
    static let norman = TestFiles.sharedFile("norman2019_gears_subset_50x50.h5ad")

    @Test(.enabled(if: papalexi != nil, "shared/data/papalexi2021_thp1_rep12.h5ad is absent"))
    func papalexiFigures() throws {
        let file = try AnnDataFile(path: Self.papalexi!)
        let report = try DatasetInspection.inspect(file)
        #expect(report.nCells == 15_429 && report.nGenes == 299)
        #expect(report.perturbationKey == "perturbation")
        #expect(report.nPerturbations == 25 && report.nControlCells == 1_323)
        #expect(report.nExcludedCells == 3_996 && report.excluded == ["unassigned": 3_996])
        #expect(report.perturbations["IFNGR1"] == 756 && report.perturbations["SPI1"] == 20)
        #expect(report.isCounts && report.maxValue == 278 && report.xEncoding == "csr_matrix")
        // Row reads agree with the whole matrix read chunkwise (int32 indptr on disk).
        let whole = try file.readRows(0..<file.nObs)
        let part = try file.readRows(5_000..<5_010)
        #expect(part.values == Array(whole.values[Int(whole.indptr[5_000])..<Int(whole.indptr[5_010])]))
        #expect(try file.obs.column("is_control").stringValues().filter { $0 == "True" }.count == 1_323)
    }

    @Test(.enabled(if: norman != nil, "shared/data/norman2019_gears_subset_50x50.h5ad is absent"))
    func normanGEARSLayout() throws {
        let file = try AnnDataFile(path: Self.norman!)
        let annotation = try PerturbationAnnotation.read(from: file)
        #expect(annotation.key == "condition")
        #expect(annotation.nControlCells == 6 && annotation.controlInputs == ["ctrl"])
        let raw = try file.obs.textColumn("condition").compactMap { $0 }
        #expect(raw.contains { $0.hasPrefix("ctrl+") })
        #expect(annotation.labels.allSatisfy { !$0.contains("ctrl") })
        let doubles = annotation.perturbations.filter { $0.contains("+") }
        #expect(!doubles.isEmpty && doubles.allSatisfy { PerturbationLabels.targets(of: $0) == PerturbationLabels.targets(of: $0).sorted() })
        let symbols = try file.geneSymbols()
        #expect(symbols.column == "feature_name")
        #expect(try file.varNames().allSatisfy { $0.hasPrefix("ENSG") })
        #expect(symbols.symbols.allSatisfy { !$0.hasPrefix("ENSG") && !$0.isEmpty })
        let counts = try AnnDataFile(path: Self.norman!, layer: "counts")
        #expect(counts.encoding == .dense)
        let validation = try counts.validate(rowsPerChunk: 7)
        #expect(validation.isCounts)
        let x = try file.validate()
        #expect(!x.isCounts && x.nonZeroCount == 167)
        // The dense layer and X have the same non-zero pattern (X is log-normalised counts).
        let dense = try counts.readRows(0..<50), sparse = try file.readRows(0..<50)
        #expect(dense.indptr == sparse.indptr && dense.indices == sparse.indices)
    }
}
