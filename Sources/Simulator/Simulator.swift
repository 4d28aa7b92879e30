import AnnData
import Core
import Foundation
import HDF5
import Model

/// Writes a simulated dataset into a folder (docs/cli.md `adapert simulate`):
/// - `data.h5ad`: raw counts (CSR), obs `perturbation` (canonical), `condition` (GEARS), `is_control`;
///   cells in a seeded random order, generated and written `chunkCells` at a time (memory does not grow with
///   the number of cells beyond 9 bytes a cell of obs codes and labels);
/// - `graph.tsv`: `source<TAB>target<TAB>weight` with a header, the observed (noisy) graph;
/// - `truth.h5`: see `writeTruth`.
public enum Simulator {
    /// Bumped whenever the same settings would generate other data (cached screens are keyed by it).
    public static let version = 2

    /// Generates the dataset of `settings` into `directory` (created if needed) and returns its design.
    @discardableResult
    public static func run(settings: SimulationSettings, directory: String) throws -> SimulationDesign {
        let design = try SimulationDesign(settings: settings)
        try OutputFolder.create(directory, chosenBy: "--output")
        try writeGraph(design, path: directory + "/graph.tsv")
        try writeTruth(design, path: directory + "/truth.h5")
        try writeCells(design, path: directory + "/data.h5ad")
        return design
    }

    /// Group of every cell in file order: perturbation index, or `perturbations.count` for control.
    public static func cellGroups(_ design: SimulationDesign) -> [Int32] {
        var groups = [Int32](repeating: Int32(design.perturbations.count), count: design.settings.cells)
        var i = design.controlCells
        for (p, n) in design.cellsPerPerturbation.enumerated() {
            for _ in 0..<n { groups[i] = Int32(p); i += 1 }
        }
        var rng = SplitMix64(seed: design.settings.seed, stream: 6)
        groups.shuffle(using: &rng)
        return groups
    }

    static func writeCells(_ design: SimulationDesign, path: String) throws {
        let groups = cellGroups(design)
        let sampler = CellSampler(design: design)
        let labels = design.perturbations.map(\.label) + [PerturbationLabels.control]
        let conditions = design.perturbations.map(\.condition) + ["ctrl"]
        let control = Int32(design.perturbations.count)
        // gzip level 1: several times faster than the default level for a few percent more bytes.
        let writer = try AnnDataWriter(path: path, varNames: Array(design.geneNames),
                                       storage: HDF5Storage(chunkRows: 1 << 16, gzipLevel: 1))
        let width = String(design.settings.cells).count
        for start in stride(from: 0, to: groups.count, by: design.settings.chunkCells) {
            let chunkGroups = Array(groups[start..<min(groups.count, start + design.settings.chunkCells)])
            let chunk = sampler.sample(first: start, groups: chunkGroups)
            try writer.appendRows(chunk,
                                  obsNames: chunkGroups.indices.map { String(format: "cell%0\(width)d", start + $0) },
                                  obs: ["perturbation": .strings(chunkGroups.map { labels[Int($0)] }),
                                        "condition": .strings(chunkGroups.map { conditions[Int($0)] }),
                                        "is_control": .bools(chunkGroups.map { $0 == control })])
        }
        try writer.setUns("adapert_simulate", string: String(decoding: try JSONEncoder().encode(design.settings), as: UTF8.self))
        try writer.finish()
    }

    static func writeGraph(_ design: SimulationDesign, path: String) throws {
        var text = "source\ttarget\tweight\n"
        for (a, b, w) in design.observedEdges { text += "\(design.nodeNames[a])\t\(design.nodeNames[b])\t\(w)\n" }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw AdaPertError("simulate: cannot write \(path) (\(error.localizedDescription)); check the folder is writable")
        }
    }

    /// truth.h5: `perturbations` (P labels, sorted), `conditions`, `genes` (G), `delta` (P x G float32, true
    /// delta in log1p space), `responding` (P x G uint8, delta != 0), `is_weak` (P uint8),
    /// `control_log1p_mean` (G, log1p(m_g)), `generic_response` (G), `nodes` (all graph
    /// node names) and `graph/{source,target}` (node names) + `graph/weight`: the true graph.
    static func writeTruth(_ design: SimulationDesign, path: String) throws {
        try writeTruthContents(design, into: HDF5File.create(path + ".partial"))
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: path + ".partial", toPath: path)
        } catch {
            throw AdaPertError("simulate: cannot move \(path) into place (\(error.localizedDescription)); check the folder is writable")
        }
    }

    /// Writes the truth datasets; every handle is released when this returns, which closes the file.
    private static func writeTruthContents(_ design: SimulationDesign, into file: HDF5File) throws {
        let p = design.perturbations, g = design.settings.genes
        try file.createStringDataset("perturbations", values: p.map(\.label))
        try file.createStringDataset("conditions", values: p.map(\.condition))
        try file.createStringDataset("genes", values: Array(design.geneNames))
        try file.createStringDataset("nodes", values: design.nodeNames)
        try file.createDataset("delta", values: p.flatMap { $0.delta.map(Float.init) }, shape: [p.count, g])
        try file.createDataset("responding", values: p.flatMap { $0.delta.map { UInt8($0 != 0 ? 1 : 0) } }, shape: [p.count, g])
        try file.createDataset("is_weak", values: p.map { UInt8($0.isWeak ? 1 : 0) })
        try file.createDataset("control_log1p_mean", values: design.controlMean.map { Float(log1p($0)) })
        try file.createDataset("generic_response", values: design.genericResponse.map(Float.init))
        let graph = try file.createGroup("graph")
        try graph.createStringDataset("source", values: design.trueEdges.map { design.nodeNames[$0.0] })
        try graph.createStringDataset("target", values: design.trueEdges.map { design.nodeNames[$0.1] })
        try graph.createDataset("weight", values: design.trueEdges.map(\.2))
        try file.setAttribute("seed", values: [Int64(bitPattern: design.settings.seed)])
        try file.flush()
    }
}
