import AnnData
@testable import Core
@testable import DistTrain
import Testing

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
