@testable import DistTrain
import Model
@testable import TestSupport
import Testing

/// What a rank holds (docs/distributed.md, "What each rank holds"): on 3 thread-ranks each rank keeps the
/// effects, priors and validation statistics of exactly the perturbations it owns, with the bits one process
/// computes for them, and the control statistics alike on every rank.
@Test func eachRankHoldsTheEffectsPriorsAndStatisticsOfWhatItOwnsOnly() throws {
    let screen = try TinyScreen.shared.get()
    let config = try screen.config(maxSteps: 1)
    let whole = try LocalCommunicator.run(size: 1) { comm in Held(try screen.prepare(config, comm: comm)) }[0]
    let ranks = try LocalCommunicator.run(size: 3) { comm in Held(try screen.prepare(config, comm: comm)) }
    let labels = whole.labels, validation = whole.validationIDs
    #expect(Set(whole.priors.keys) == Set(labels))
    #expect(Set(whole.effects.keys) == Set(whole.trainingIDs))
    #expect(!validation.isEmpty)
    for run in ranks {
        let owned = run.owned
        #expect(Set(run.priors.keys) == owned)
        #expect(Set(run.effects.keys) == owned.intersection(whole.trainingIDs))
        #expect(Set(run.validationStatistics.keys) == owned.intersection(validation))
        for (p, prior) in run.priors { #expect(prior == whole.priors[p]) }
        for (p, effects) in run.effects { #expect(effects == whole.effects[p]) }
        for (p, statistics) in run.validationStatistics { #expect(statistics == whole.validationStatistics[p]) }
        #expect(run.controlStatistics == whole.controlStatistics)
    }
    #expect(ranks.map { Set($0.priors.keys) }.reduce(Set<Int>()) { $0.union($1) } == Set(labels))
    #expect(ranks.allSatisfy { $0.priors.count < labels.count }, "every rank should own a strict subset here")
}

/// The per-rank parts of a `PreparedRun` this test compares.
private struct Held: Sendable {
    let labels: [Int], trainingIDs: [Int], validationIDs: [Int], owned: Set<Int>
    let priors: [Int: [Float]]
    let effects: [Int: PerturbationEffects]
    let validationStatistics: [Int: GroupStatistics]
    let controlStatistics: GroupStatistics

    init(_ run: PreparedRun) {
        labels = run.annotation.labels.indices.filter { $0 != run.annotation.controlIndex }
        trainingIDs = run.trainingIDs
        validationIDs = run.ids(run.split.val)
        owned = Set(labels.filter { run.owns($0) })
        priors = run.priors
        effects = run.effects
        validationStatistics = run.validationStatistics
        controlStatistics = run.controlStatistics
    }
}
