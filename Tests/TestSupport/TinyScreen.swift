import AnnData
import DistTrain
import Foundation
import Logging
import Simulator
import Yams

/// A tiny simulated screen (1200 cells, 60 genes, 16 perturbations), generated once into the temporary
/// folder (shared by later test runs) and read into memory, so thread-ranks of a `LocalCommunicator`
/// prepare runs from it without touching HDF5.
public struct TinyScreen: Sendable {
    public let dataPath: String
    public let graphPath: String
    public let annotation: PerturbationAnnotation
    public let symbols: [String]
    public let cells: CSRMatrix

    public static let shared = Result { try TinyScreen() }

    private init() throws {
        let folder = TestFiles.keptFolder("adapert-test-screen-1200x60x16").path
        if !FileManager.default.fileExists(atPath: folder + "/data.h5ad") {
            var settings = SimulationSettings()
            settings.cells = 1200
            settings.genes = 60
            settings.perturbations = 16
            settings.seed = 3
            let partial = folder + ".partial-\(UUID())"
            try Simulator.run(settings: settings, directory: partial)
            try? FileManager.default.moveItem(atPath: partial, toPath: folder)  // fails if another process won
            try? FileManager.default.removeItem(atPath: partial)
        }
        dataPath = folder + "/data.h5ad"
        graphPath = folder + "/graph.tsv"
        let probe = try Self.config(dataPath: dataPath, graphPath: graphPath, maxSteps: 1)
        let file = try PreparedRun.openScreen(config: probe, dataPath: dataPath, logger: .silent)
        annotation = try PreparedRun.annotation(of: file, config: probe)
        symbols = try file.geneSymbols().symbols
        cells = try file.readRows(0..<file.nObs)
    }

    /// `tiny.yaml` in `folder`, for `adapert train` on this screen in a child process: a tiny model, two steps
    /// of `epochs`, and `extra` YAML lines (e.g. a checkpoint section). Returns its path.
    public func writeCommandLineConfig(in folder: URL, epochs: Int = 1, extra: String = "") throws -> String {
        let path = folder.appendingPathComponent("tiny.yaml").path
        try """
            data: {path: \(dataPath), graph: \(graphPath), hvg: 0}
            model: {hidden: 8, layers: 1}
            training: {epochs: \(epochs), max_steps: 2, perturbations_per_step: 4, cells_per_perturbation: 8, eval_every: 2}
            \(extra)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A small model and schedule: 4 perturbations of 16 cells per step, validation every 3 steps.
    public func config(maxSteps: Int) throws -> RunConfig {
        try Self.config(dataPath: dataPath, graphPath: graphPath, maxSteps: maxSteps)
    }

    private static func config(dataPath: String, graphPath: String, maxSteps: Int) throws -> RunConfig {
        let yaml = """
            data: {path: \(dataPath), graph: \(graphPath), hvg: 0}
            model: {hidden: 16, layers: 2}
            training: {epochs: 4, max_steps: \(maxSteps), perturbations_per_step: 4, cells_per_perturbation: 16, eval_every: 3, lr: 0.005}
            checkpoint: {every_steps: 1000}
            """
        return try RunConfigLoader.decode(try Yams.compose(yaml: yaml)!, file: "tiny.yaml")
    }

    /// This rank's prepared run, from the in-memory cells.
    public func prepare(_ config: RunConfig, comm: some Communicator) throws -> PreparedRun {
        try PreparedRun.prepare(config: config, annotation: annotation, symbols: symbols, cells: cells,
                                dataPath: dataPath, graphPath: graphPath, comm: comm, logger: .silent)
    }

    /// A trainer on this rank, with validation on a control sample as `adapert train` sets it up.
    public func trainer(_ config: RunConfig, comm: some Communicator) throws -> Trainer {
        let run = try prepare(config, comm: comm)
        let control = try ControlSample.gather(run: run, limit: 256, comm: comm)
        return Trainer(config: config, run: run,
                       validationControl: control, logger: .silent)
    }
}

extension Logger {
    public static let silent = Logger(label: "adapert.test") { _ in SwiftLogNoOpLogHandler() }
}
