@testable import AnnData
@testable import Core
import Testing

@Suite struct LabelsTests {
    @Test(arguments: [
        ("STAT1", "STAT1"), ("STAT1+ctrl", "STAT1"), ("ctrl+STAT1", "STAT1"), ("CNN1+CBL", "CBL+CNN1"),
        ("ctrl", "non-targeting"), ("NT", "non-targeting"), ("non_targeting", "non-targeting"),
        ("Control", "non-targeting"), ("nontargeting", "non-targeting"), (" A + B ", "A+B"), ("A+A", "A"),
    ])
    func canonicalForm(raw: String, expected: String) {
        #expect(PerturbationLabels.canonical(raw) == expected)
    }

    @Test func userControlLabel() {
        #expect(PerturbationLabels.canonical("NTC", controlLabel: "NTC") == "non-targeting")
        #expect(PerturbationLabels.canonical("NTC") == "NTC")
        #expect(PerturbationLabels.targets(of: "A+B") == ["A", "B"])
        #expect(PerturbationLabels.targets(of: "non-targeting") == [])
    }

    @Test func annotationCountsKeepsAndExcludes() throws {
        let raw: [String?] = ["B+ctrl", "ctrl", "A+B", "unassigned", nil, "ctrl+B", "Multiplet", "B+A"]
        let a = try PerturbationAnnotation.annotate(raw, key: "condition", fileName: "x.h5ad")
        #expect(a.labels == ["A+B", "B", "non-targeting"])
        #expect(a.cellLabels == [1, 2, 0, -1, -1, 1, -1, 0])
        #expect(a.counts == [2, 2, 1])
        #expect(a.nControlCells == 1 && a.nPerturbations == 2 && a.nExcludedCells == 3)
        #expect(a.excludedCounts == ["unassigned": 1, "<missing>": 1, "Multiplet": 1])
        #expect(a.controlInputs == ["ctrl"])
        #expect(a.perturbations == ["A+B", "B"])
    }

    @Test func configurableExclusionAndMissingControl() throws {
        let kept = try PerturbationAnnotation.annotate(["unassigned", "NT"], key: "k", fileName: "f", excluded: [])
        #expect(kept.labels == ["non-targeting", "unassigned"])
        let error = #expect(throws: AdaPertError.self) {
            try PerturbationAnnotation.annotate(["A", "B"], key: "k", fileName: "f.h5ad")
        }
        #expect(error?.message.contains("--control") == true)
    }

    @Test func aControlLabelThatNoValueMentionsIsRefused() throws {
        let raw = ["NTC", "A", "A+NTC"]
        #expect(try PerturbationAnnotation.annotate(raw, key: "k", fileName: "f", control: "NTC").labels == ["A", "non-targeting"])
        let error = #expect(throws: AdaPertError.self) {
            try PerturbationAnnotation.annotate(raw + ["non-targeting"], key: "k", fileName: "f.h5ad", control: "NOPE")
        }
        #expect(error?.message.hasPrefix("f.h5ad: the control label 'NOPE' (--control, data.control) is no value of obs column 'k'") == true)
        // A prediction file names its controls canonically already.
        let predicted = try PerturbationAnnotation.annotate(["non-targeting", "A"], key: "k", fileName: "p", control: "NTC",
                                                            requireControlValue: false)
        #expect(predicted.labels == ["A", "non-targeting"])
    }

    @Test func ensemblIDsAreRecognised() {
        #expect(AnnDataFile.looksLikeEnsemblID("ENSG00000141510"))
        #expect(AnnDataFile.looksLikeEnsemblID("ENSMUSG00000059552.3"))
        #expect(!AnnDataFile.looksLikeEnsemblID("ENSA"))
        #expect(!AnnDataFile.looksLikeEnsemblID("STAT1"))
    }
}
