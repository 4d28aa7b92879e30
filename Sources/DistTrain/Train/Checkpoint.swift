import Core
import Foundation
import HDF5
import Model

/// An HDF5 checkpoint (README "Checkpoint layout"): written by rank 0 to a temporary file, flushed,
/// fsynced and renamed, so a checkpoint file that exists is complete.
///
/// Layout: root attributes `format` = "adapert-checkpoint", `format_version`, `step`, `world_size`, `seed`,
/// `data_fingerprint`, `best_step`, `best_score`, `evaluations_since_best`, `responder_threshold`,
/// `finished`, `optimiser_step`; datasets `config` (the resolved YAML), `genes`, `perturbations`;
/// groups `parameters/`, `adam_m/`, `adam_v/`, `best/`, each with one float32 dataset per parameter by its
/// dotted name and shape.
public struct Checkpoint {
    public static let format = "adapert-checkpoint"
    public static let formatVersion: Int64 = 1

    /// Where one parameter sits in the flat arrays below. The file stores each parameter's name and shape,
    /// not its kind: restoring copies values by name into a store (`values(_:into:path:)`), whose slots keep
    /// their own kind.
    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let shape: [Int]
        public let range: Range<Int>

        public init(_ slot: ParameterSlot) {
            self.init(name: slot.name, shape: slot.shape, range: slot.range)
        }

        init(name: String, shape: [Int], range: Range<Int>) {
            self.name = name
            self.shape = shape
            self.range = range
        }
    }

    public var state: TrainingState
    public var optimiserStep: Int
    public var worldSize: Int
    public var seed: Int
    public var dataFingerprint: String
    public var configYAML: String
    public var genes: [String]
    public var perturbations: [String]
    /// The layout of `parameters`, `firstMoment`, `secondMoment` and `bestParameters`.
    public var tensors: [Tensor]
    public var parameters: [Float]
    public var firstMoment: [Float]
    public var secondMoment: [Float]
    public var bestParameters: [Float]

    public init(state: TrainingState, optimiserStep: Int, worldSize: Int, seed: Int, dataFingerprint: String,
                configYAML: String, genes: [String], perturbations: [String], tensors: [Tensor],
                parameters: [Float], firstMoment: [Float], secondMoment: [Float], bestParameters: [Float]) {
        self.state = state
        self.optimiserStep = optimiserStep
        self.worldSize = worldSize
        self.seed = seed
        self.dataFingerprint = dataFingerprint
        self.configYAML = configYAML
        self.genes = genes
        self.perturbations = perturbations
        self.tensors = tensors
        self.parameters = parameters
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
        self.bestParameters = bestParameters
    }

    /// Writes to `path` via `path.tmp` + fsync + rename.
    public func write(to path: String) throws {
        let temporary = path + ".tmp"
        do {
            let file = try HDF5File.create(temporary)
            try file.setAttribute("format", string: Self.format)
            try file.setAttribute("format_version", scalar: Self.formatVersion)
            try file.setAttribute("step", scalar: Int64(state.step))
            try file.setAttribute("world_size", scalar: Int64(worldSize))
            try file.setAttribute("seed", scalar: Int64(seed))
            try file.setAttribute("data_fingerprint", string: dataFingerprint)
            try file.setAttribute("best_step", scalar: Int64(state.bestStep))
            try file.setAttribute("best_score", scalar: state.bestScore)
            try file.setAttribute("evaluations_since_best", scalar: Int64(state.evaluationsSinceBest))
            try file.setAttribute("responder_threshold", scalar: state.responderThreshold)
            try file.setAttribute("finished", scalar: Int64(state.finished ? 1 : 0))
            try file.setAttribute("optimiser_step", scalar: Int64(optimiserStep))
            try file.createScalarString("config", value: configYAML)
            try file.createStringDataset("genes", values: genes)
            try file.createStringDataset("perturbations", values: perturbations)
            for (group, values) in [("parameters", parameters), ("adam_m", firstMoment), ("adam_v", secondMoment),
                                    ("best", bestParameters)] {
                let g = try file.createGroup(group)
                for tensor in tensors {
                    try g.createDataset(tensor.name, values: Array(values[tensor.range]), shape: tensor.shape)
                }
            }
            try file.flush()
        }
        try Self.fsync(temporary)
        guard rename(temporary, path) == 0 else {
            throw AdaPertError("cannot rename \(temporary) to \(path): \(String(cString: strerror(errno))); check the run directory")
        }
    }

    /// Reads and checks a checkpoint; any damage is an error naming the file.
    public static func read(from path: String) throws -> Checkpoint {
        let file = try HDF5File.open(path)
        guard (try? file.stringAttribute("format")) == format else {
            throw AdaPertError("\(path) is not an AdaPert checkpoint (no 'format' attribute); pass a checkpoints/step_*.h5 file")
        }
        let version = try file.numericAttribute("format_version", as: Int64.self).first ?? 0
        guard version == formatVersion else {
            throw AdaPertError("\(path) has checkpoint format version \(version); this adapert reads version \(formatVersion)")
        }
        func int(_ name: String) throws -> Int { Int(try file.numericAttribute(name, as: Int64.self).first ?? 0) }
        func real(_ name: String) throws -> Double { try file.numericAttribute(name, as: Double.self).first ?? 0 }
        var state = TrainingState()
        state.step = try int("step")
        state.bestStep = try int("best_step")
        state.bestScore = try real("best_score")
        state.evaluationsSinceBest = try int("evaluations_since_best")
        state.responderThreshold = try real("responder_threshold")
        state.finished = try int("finished") != 0
        let optimiserStep = try int("optimiser_step"), worldSize = try int("world_size")
        // A damaged state would steer resume (which checkpoints count as abandoned, where the schedule
        // restarts): refuse it before anything acts on it.
        for (name, value, valid) in [("step", state.step, state.step >= 0), ("best_step", state.bestStep, state.bestStep >= 0 && state.bestStep <= state.step),
                                     ("evaluations_since_best", state.evaluationsSinceBest, state.evaluationsSinceBest >= 0),
                                     ("optimiser_step", optimiserStep, optimiserStep >= 0 && optimiserStep <= state.step),
                                     ("world_size", worldSize, worldSize >= 1)] where !valid {
            throw AdaPertError("\(path): attribute '\(name)' is \(value), which no training writes; the file is damaged, use another checkpoint")
        }
        guard state.bestScore.isFinite || state.bestScore == -.infinity, state.responderThreshold.isFinite else {
            throw AdaPertError("\(path): attribute 'best_score' or 'responder_threshold' is not a finite number; the file is damaged, use another checkpoint")
        }
        if let named = RunDirectory.step(ofCheckpointName: URL(fileURLWithPath: path).lastPathComponent), named != state.step {
            throw AdaPertError("\(path): holds step \(state.step), but its name says step \(named); the file was renamed or damaged, use another checkpoint")
        }

        let parameters = try file.group("parameters")
        var tensors: [Tensor] = []
        var offset = 0
        for name in try parameters.memberNames().sorted() {
            let shape = try parameters.dataset(name).shape
            let count = shape.reduce(1, *)
            tensors.append(Tensor(name: name, shape: shape, range: offset..<(offset + count)))
            offset += count
        }
        func values(_ group: String) throws -> [Float] {
            let g = try file.group(group)
            var out: [Float] = []
            out.reserveCapacity(offset)
            for tensor in tensors {
                let v: [Float] = try g.dataset(tensor.name).read()
                guard v.count == tensor.range.count else {
                    throw AdaPertError("\(path): '\(group)/\(tensor.name)' has \(v.count) values, expected \(tensor.range.count); the file is damaged")
                }
                guard v.allSatisfy(\.isFinite) else {
                    throw AdaPertError("\(path): '\(group)/\(tensor.name)' holds NaN or infinite values, which training never saves; the file is damaged, use another checkpoint")
                }
                out += v
            }
            return out
        }
        return Checkpoint(
            state: state, optimiserStep: optimiserStep, worldSize: worldSize,
            seed: try int("seed"), dataFingerprint: try file.stringAttribute("data_fingerprint"),
            configYAML: try file.dataset("config").readStrings().first ?? "",
            genes: try file.dataset("genes").readStrings(), perturbations: try file.dataset("perturbations").readStrings(),
            tensors: tensors, parameters: try values("parameters"), firstMoment: try values("adam_m"),
            secondMoment: try values("adam_v"), bestParameters: try values("best"))
    }

    /// The values of `flat` (laid out by `tensors`) rearranged into `store`'s layout, matched by name.
    public func values(_ flat: [Float], into store: ParameterStore, path: String) throws -> [Float] {
        var byName: [String: Tensor] = [:]
        for tensor in tensors { byName[tensor.name] = tensor }
        var out = [Float](repeating: 0, count: store.count)
        for slot in store.slots {
            guard let saved = byName[slot.name], saved.shape == slot.shape else {
                throw AdaPertError("\(path): parameter '\(slot.name)' is missing or has another shape; the checkpoint is from an incompatible model config")
            }
            out.replaceSubrange(slot.range, with: flat[saved.range])
        }
        return out
    }

    private static func fsync(_ path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw AdaPertError("cannot reopen \(path) to sync it to disk") }
        defer { close(fd) }
        guard Foundation.fsync(fd) == 0 else { throw AdaPertError("cannot sync \(path) to disk; check free space") }
    }
}
