import Core
import DistTrain
import Foundation
import Logging
import Model
import Simulator

/// The screen and graph files a run config points at. With no `data.path`, the config's `data.simulate`
/// screen is generated on first use into `$ADAPERT_CACHE` (default `~/.cache/adapert`) in a folder keyed by
/// the simulation settings, by rank 0 into a temporary folder renamed when complete; the other ranks wait.
public struct RunInputs: Equatable, Sendable {
    public var dataPath: String
    public var graphPath: String

    public static func resolve(_ config: RunConfig, comm: some Communicator, logger: Logger) throws -> RunInputs {
        if !config.data.path.isEmpty {
            guard !config.data.graph.isEmpty else {
                throw AdaPertError("data.graph is not set; a real screen needs a knowledge graph file (CSV/TSV, STRING, GMT), or data.graph: none")
            }
            return RunInputs(dataPath: config.data.path, graphPath: config.data.graph)
        }
        let folder = try simulatedFolder(config.data.simulate)
        if comm.rank == 0 && !FileManager.default.fileExists(atPath: folder + "/data.h5ad") {
            logger.info("simulating the config's screen into \(folder) (first use)")
            let partial = folder + ".partial-\(getpid())"
            try? FileManager.default.removeItem(atPath: partial)
            _ = try Simulator.run(settings: config.data.simulate, directory: partial)
            try? FileManager.default.removeItem(atPath: folder)
            try FileManager.default.moveItem(atPath: partial, toPath: folder)
        }
        try comm.barrier()
        return RunInputs(dataPath: folder + "/data.h5ad",
                         graphPath: config.data.graph.isEmpty ? folder + "/graph.tsv" : config.data.graph)
    }

    /// `$ADAPERT_CACHE/sim-<hash of the settings>`.
    static func simulatedFolder(_ settings: SimulationSettings) throws -> String {
        let cache = ProcessInfo.processInfo.environment["ADAPERT_CACHE"]
            ?? (NSHomeDirectory() + "/.cache/adapert")
        try OutputFolder.create(cache, chosenBy: "ADAPERT_CACHE")
        var hash = StableHash()
        hash.combine(Simulator.version)  // a changed simulator must not reuse a screen cached by an older one
        hash.combine(String(decoding: try JSONEncoder.sorted.encode(settings), as: UTF8.self))
        return cache + "/sim-" + hash.hex
    }
}

extension JSONEncoder {
    public static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
