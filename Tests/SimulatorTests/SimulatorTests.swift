@testable import AnnData
@testable import Core
@testable import DistTrain
import Foundation
@testable import HDF5
@testable import KnowledgeGraph
import Model
@testable import Simulator
import Testing
import TestSupport

private func settings(seed: UInt64 = 3, extraNodes: Int = 20, combos: Int = 4) -> SimulationSettings {
    var s = SimulationSettings()
    s.cells = 3000
    s.genes = 200
    s.extraNodes = extraNodes
    s.perturbations = 20
    s.combos = combos
    s.seed = seed
    s.chunkCells = 700
    return s
}

@Test func simulationIsDeterministicFromTheSeed() throws {
    let a = try SimulationDesign(settings: settings()), b = try SimulationDesign(settings: settings())
    #expect(a.perturbations == b.perturbations && a.controlMean == b.controlMean)
    #expect(a.observedEdges.map { [$0.0, $0.1] } == b.observedEdges.map { [$0.0, $0.1] })
    let c = try SimulationDesign(settings: settings(seed: 4))
    #expect(a.perturbations.map(\.delta) != c.perturbations.map(\.delta))
    let sampler = CellSampler(design: a)
    let groups = Array(Simulator.cellGroups(a).prefix(600))
    var pieces = sampler.sample(first: 0, groups: Array(groups[..<250]))
    pieces.append(sampler.sample(first: 250, groups: Array(groups[250...])))
    #expect(pieces == sampler.sample(first: 0, groups: groups), "cells do not depend on chunking")
}

@Test func simulatedEffectsAreSparseWithGenericShiftAndWeakPerturbations() throws {
    let design = try SimulationDesign(settings: settings())
    let g = design.settings.genes
    let responding = design.perturbations.map { $0.responding.filter { $0 }.count }
    #expect(Double(responding.reduce(0, +)) / Double(responding.count * g) < 0.2, "most genes do not respond")
    #expect(design.perturbations.count == 24 && design.perturbations.filter { $0.targets.count == 2 }.count == 4)
    #expect(design.perturbations.contains { $0.targets.contains { $0 >= g } }, "some targets are extra nodes")
    for p in design.perturbations where p.isWeak && p.targets.count == 1 {
        #expect(p.responding.enumerated().allSatisfy { !$0.element || p.targets.contains($0.offset) })
    }
    for p in design.perturbations { for t in p.targets where t < g { #expect(p.delta[t] < 0, "self-knockdown") } }
    let generic = design.genericResponse.indices.filter { design.genericResponse[$0] != 0 }
    let strong = design.perturbations.filter { !$0.isWeak }
    #expect(!generic.isEmpty && !strong.isEmpty)
    let agreeing = generic.filter { i in
        let mean = strong.reduce(0.0) { $0 + $1.delta[i] } / Double(strong.count)
        return mean * design.genericResponse[i] > 0
    }
    #expect(agreeing.count * 10 >= generic.count * 8, "the shared program shifts the average response")
    #expect(Double(design.controlCells) / Double(design.settings.cells) > 0.1)
    #expect(design.cellsPerPerturbation.reduce(design.controlCells, +) == design.settings.cells)
}

@Test func simulatorWritesDataGraphAndTruth() throws {
    try TestFiles.withTemporaryDirectory { directory in
        let folder = directory.path
        let design = try Simulator.run(settings: settings(), directory: folder)
        let data = try AnnDataFile(path: folder + "/data.h5ad")
        #expect(data.nObs == 3000 && data.nVars == 200)
        let labels = try data.obs.textColumn("perturbation").map { $0! }
        let conditions = try data.obs.textColumn("condition").map { $0! }
        #expect(labels.filter { $0 == "non-targeting" }.count == design.controlCells)
        #expect(zip(labels, conditions).allSatisfy { l, c in
            l == "non-targeting" ? c == "ctrl" : (l.contains("+") ? c == l : c == l + "+ctrl")
        })
        var totals: [Double] = []
        try data.forEachRowChunk(rowsPerChunk: 1000) { _, chunk in totals += LibrarySize.totals(chunk) }
        let median = LibrarySize.median(totals)
        #expect(median > 300 && median < 3000, "library sizes: median \(median)")
        let graph = try KnowledgeGraphReader.read(path: folder + "/graph.tsv")
        #expect(graph.edgeCount / 2 == design.observedEdges.count)
        let truth = try HDF5File.open(folder + "/truth.h5")
        #expect(try truth.dataset("delta").shape == [24, 200])
        #expect(try truth.dataset("perturbations").readStrings() == design.perturbations.map(\.label))
        #expect(try truth.group("graph").dataset("weight").count == design.trueEdges.count)
    }
}

@Test func simulationSettingsAreValidated() {
    var s = settings()
    s.combos = 1000
    #expect(throws: AdaPertError.self) { try SimulationDesign(settings: s) }
    // More cells than memory holds labels for is refused before anything is drawn or written.
    var huge = settings()
    huge.cells = 1_000_000_000_000
    let error = #expect(throws: AdaPertError.self) { try SimulationDesign(settings: huge) }
    #expect(error?.message.contains("ask for fewer cells") == true, "\(error?.message ?? "")")
}

@Test func negativeBinomialSamplerHasTheRightMoments() {
    var rng = SplitMix64(seed: 11)
    for (mean, theta) in [(0.3, 2.0), (3.0, 4.0), (50.0, 5.0)] {
        let n = 100_000
        let draws = (0..<n).map { _ in Double(rng.negativeBinomial(mean: mean, theta: theta)) }
        let m = draws.reduce(0, +) / Double(n)
        let v = draws.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        let variance = mean + mean * mean / theta
        #expect(abs(m - mean) < 4 * (variance / Double(n)).squareRoot(), "mean \(m) vs \(mean)")
        #expect(abs(v / variance - 1) < 0.05, "variance \(v) vs \(variance)")
    }
}
