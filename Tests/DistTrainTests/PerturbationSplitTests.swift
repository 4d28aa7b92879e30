import AnnData
@testable import Core
@testable import DistTrain
import Testing
import TestSupport

@Test func splitKeepsTestTargetsOutOfTrainingAndIsSeeded() throws {
    let singles = (0..<20).map { "G\($0)" }
    let labels = singles + ["G0+G1", "G2+G3", "G4+G5"]
    let config = SplitConfig()
    let split = try PerturbationSplit(labels: labels, config: config)
    #expect(Set(split.train + split.val + split.test) == Set(labels))
    #expect(split.train.count + split.val.count + split.test.count == labels.count)
    let testTargets = Set(split.test.flatMap(PerturbationLabels.targets(of:)))
    let trainTargets = Set(split.train.flatMap(PerturbationLabels.targets(of:)))
    let singleTestTargets = Set(split.test.filter { PerturbationLabels.targets(of: $0).count == 1 })
    #expect(singleTestTargets.count == 4)  // 20 % of 20 targets
    #expect(trainTargets.isDisjoint(with: singleTestTargets))
    #expect(!testTargets.isEmpty)
    #expect(try PerturbationSplit(labels: labels.reversed(), config: config) == split)
    var other = config
    other.seed = 1
    #expect(try PerturbationSplit(labels: labels, config: other) != split)
}

@Test func splitNeedsThreeTargets() {
    #expect(throws: AdaPertError.self) { try PerturbationSplit(labels: ["A", "B"], config: SplitConfig()) }
}

@Test func combinationSplitTrainsEverySingleAndRecordsHowManyWereSeen() throws {
    let singles = (0..<10).map { "G\($0)" }
    let doubles = (0..<10).map { "G\($0)+G\(($0 + 1) % 10)" } + (0..<5).map { "G\($0)+H\($0)" }
    var config = SplitConfig()
    config.unseen = .combinations
    let split = try PerturbationSplit(labels: singles + doubles, config: config)
    #expect(Set(singles).isSubset(of: split.train))
    #expect(split.test.count == 3 && split.val.count == 2)  // 20 % and 15 % of 15 doubles
    #expect(Set(split.train + split.val + split.test) == Set(singles + doubles))
    for label in split.val + split.test {
        let seen = PerturbationLabels.targets(of: label).filter(singles.contains).count
        #expect(split.categories?[label] == "combo_seen\(seen)")
    }
    #expect(split.categories?.count == 5)
    #expect(throws: AdaPertError.self, "no doubles to split") { try PerturbationSplit(labels: singles, config: config) }
}

@Test func anExplicitSplitFileIsCheckedAgainstTheScreen() throws {
    try TestFiles.withTemporaryDirectory { folder in
        let labels = ["A", "B", "C", "D"]
        let path = folder.appendingPathComponent("split.json").path
        var config = SplitConfig()
        config.file = path
        try PerturbationSplit(train: ["A", "B"], val: ["C"], test: ["D"]).write(to: path)
        #expect(try PerturbationSplit(labels: labels, config: config) == PerturbationSplit(train: ["A", "B"], val: ["C"], test: ["D"]))
        for (bad, message) in [(PerturbationSplit(train: ["A", "X"], val: [], test: ["D"]), "'X' is not a perturbation"),
                               (PerturbationSplit(train: ["A", "B"], val: ["B"], test: ["D"]), "'B' is listed twice"),
                               (PerturbationSplit(train: ["A", "B"], val: ["C"], test: []), "the test list is empty"),
                               (PerturbationSplit(train: ["A", "B"], val: [], test: ["D"]), "the val list is empty")] {
            try bad.write(to: path)
            #expect { try PerturbationSplit(labels: labels, config: config) } throws: { error in
                (error as? AdaPertError)?.message.contains(message) ?? false
            }
        }
    }
}
