import Core
import Foundation
import Model
import Yams

/// Reads a run config: the user's YAML overlaid on the defaults, `--set` overrides applied, relative
/// paths resolved (against the config's folder for the file, the working directory for `--set`), values checked.
public enum RunConfigLoader {
    /// Keys holding file paths, resolved to absolute paths.
    static let pathKeys = [["data", "path"], ["data", "graph"], ["data", "graph_aliases"], ["data", "split", "file"]]

    public static func load(path: String, overrides: [String] = []) throws -> RunConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AdaPertError("cannot read config file \(path); pass an existing YAML file to --config")
        }
        let cwd = FileManager.default.currentDirectoryPath
        let folder = absolutePath(path, against: cwd).split(separator: "/").dropLast().joined(separator: "/")
        let user: Node
        do {
            user = try Yams.compose(yaml: text) ?? .mapping([:])
        } catch {
            // Yams writes the parser's message over several lines, with the offending line and a caret.
            let first = "\(error)".split(separator: "\n").prefix(2).joined(separator: " ")
                .trimmingCharacters(in: CharacterSet(charactersIn: ": "))
            throw AdaPertError("\(path) is not valid YAML: \(first); fix the file")
        }
        var tree = resolvePaths(in: user, against: "/" + folder)
        for assignment in overrides {
            tree = resolvePaths(in: try ConfigTree.applyOverride(assignment, to: tree), against: cwd)
        }
        return try decode(tree, file: path)
    }

    /// Decodes a user tree over the defaults; `file` names the source in errors.
    public static func decode(_ user: Node, file: String) throws -> RunConfig {
        let defaults = try Yams.compose(yaml: YAMLEncoder().encode(RunConfig()))!
        let merged = try ConfigTree.overlay(user, on: defaults, path: "", file: file)
        let config: RunConfig
        do {
            config = try YAMLDecoder().decode(RunConfig.self, from: merged)
        } catch let error as AdaPertError {
            throw AdaPertError("\(file): \(error.message)")
        } catch DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            if key.isEmpty { throw AdaPertError("\(file): a config is a mapping of sections (data:, model:, training:, ...); fix the file") }
            throw AdaPertError("\(file): '\(key)' must be \(Self.describe(type)); fix its value")
        } catch DecodingError.dataCorrupted(let context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw AdaPertError("\(file): '\(key)' \(context.debugDescription); fix its value")
        } catch {
            throw AdaPertError("\(file): \(error)")
        }
        try validate(config, file: file)
        return config
    }

    /// A Swift type as the config's user reads it.
    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "on or off (true or false)"
        case is String.Type: return "a text value"
        default:
            let name = "\(type)"
            return name.contains("Mapping") || name.contains("Dictionary") ? "a mapping (key: value lines)"
                : name.contains("Array") || name.contains("Sequence") ? "a list"
                : name.contains("Scalar") ? "a single value, not a list or mapping" : "a \(name)"
        }
    }

    /// The config as YAML text: the run directory's resolved `config.yaml`.
    public static func yaml(_ config: RunConfig) throws -> String {
        try YAMLEncoder().encode(config)
    }

    /// Dotted keys whose values differ between two configs.
    public static func differences(_ a: RunConfig, _ b: RunConfig) throws -> [String] {
        let fa = ConfigTree.flatten(try Yams.compose(yaml: yaml(a))!)
        let fb = ConfigTree.flatten(try Yams.compose(yaml: yaml(b))!)
        return Set(fa.keys).union(fb.keys).filter { fa[$0] != fb[$0] }.sorted()
    }

    private static func resolvePaths(in tree: Node, against folder: String) -> Node {
        pathKeys.reduce(tree) { tree, keys in resolvePath(at: keys[...], in: tree, against: folder) }
    }

    /// The path at `keys` in `tree` made absolute (`none`, empty and absolute values stay).
    private static func resolvePath(at keys: ArraySlice<String>, in tree: Node, against folder: String) -> Node {
        guard let key = keys.first, case .mapping(var map) = tree, let child = map[key] else { return tree }
        if keys.count == 1 {
            guard let value = child.string, !value.isEmpty, value != "none", !value.hasPrefix("/") else { return tree }
            map[key] = Node(absolutePath(value, against: folder))
        } else {
            map[key] = resolvePath(at: keys.dropFirst(), in: child, against: folder)
        }
        return .mapping(map)
    }

    /// `path` made absolute against `folder` (a leading `~` expanded), with `.` and `..` resolved.
    static func absolutePath(_ path: String, against folder: String) -> String {
        let expanded = (path as NSString).expandingTildeInPath
        let joined = expanded.hasPrefix("/") ? expanded : folder + "/" + expanded
        var parts: [Substring] = []
        for part in joined.split(separator: "/") where part != "." {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The network's sizes, gate constants and loss weights: values the formulas of docs/model.md cannot take
    /// (a zero width, tau = 0, gamma >= 0 so log(-gamma / zeta) is undefined, kappa = 0, NaN) are refused.
    private static func validateModel(_ m: ModelConfig, _ require: (Bool, String, String) throws -> Void) throws {
        // Upper bounds far above any useful size keep a typo from allocating terabytes.
        try require((1...4096).contains(m.hidden), "model.hidden", "must be in 1...4096")
        try require((1...64).contains(m.layers), "model.layers", "must be in 1...64")
        try require((0...64).contains(m.hopLimit), "model.hop_limit", "must be in 0...64")
        let gate = m.hardConcrete
        try require(gate.tau > 0 && gate.tau.isFinite, "model.hard_concrete.tau", "must be a positive number")
        try require(gate.gamma < 0 && gate.gamma.isFinite, "model.hard_concrete.gamma", "must be negative (the stretch below 0, e.g. -0.1)")
        try require(gate.zeta > 1 && gate.zeta.isFinite, "model.hard_concrete.zeta", "must be above 1 (the stretch above 1, e.g. 1.1)")
        try require(gate.eps > 0 && gate.eps < 0.5, "model.hard_concrete.eps", "must be in (0, 0.5)")
        let loss = m.loss
        try require(loss.kappa > 0 && loss.kappa.isFinite, "model.loss.kappa", "must be a positive number")
        try require(loss.effectMinDEGs >= 0, "model.loss.effect_min_degs", "must be >= 0")
        try require(loss.tMax > 0 && loss.tMax.isFinite, "model.loss.t_max", "must be a positive number")
        for (key, weight) in [("alpha", loss.alpha), ("lambda_pi", loss.responder), ("lambda_g", loss.effectGate),
                              ("lambda_0", loss.l0), ("lambda_dir", loss.direction)] {
            try require(weight >= 0 && weight.isFinite, "model.loss.\(key)", "must be a finite number >= 0")
        }
    }

    private static func validate(_ c: RunConfig, file: String) throws {
        func require(_ ok: Bool, _ key: String, _ rule: String) throws {
            if !ok { throw AdaPertError("\(file): '\(key)' \(rule)") }
        }
        try require(c.data.hvg >= 0, "data.hvg", "must be >= 0 (0 keeps every gene)")
        try require(c.data.split.valFraction > 0 && c.data.split.testFraction > 0
                    && c.data.split.valFraction + c.data.split.testFraction < 1,
                    "data.split", "fractions must be positive and sum to less than 1")
        try require(c.data.split.seed >= 0, "data.split.seed", "must be >= 0")
        try require((1...1_000_000).contains(c.training.epochs), "training.epochs", "must be in 1...1000000")
        try require(c.training.seed >= 0, "training.seed", "must be >= 0")
        try require(c.training.maxSteps >= 0, "training.max_steps", "must be >= 0 (0: no cap)")
        try require(c.training.perturbationsPerStep >= 1, "training.perturbations_per_step", "must be >= 1")
        try require(c.training.cellsPerPerturbation >= 1, "training.cells_per_perturbation", "must be >= 1")
        try require(c.training.lr > 0 && c.training.lr.isFinite, "training.lr", "must be a finite number > 0")
        try require(c.training.weightDecay >= 0 && c.training.weightDecay.isFinite, "training.weight_decay", "must be a finite number >= 0")
        try require((0..<1).contains(c.training.warmupFraction), "training.warmup_fraction", "must be in [0, 1)")
        try require(c.training.gradClip > 0, "training.grad_clip", "must be > 0")
        try require(c.training.evalEvery >= 1, "training.eval_every", "must be >= 1")
        try require(c.training.patience >= 1, "training.patience", "must be >= 1")
        try require(c.checkpoint.everySteps >= 1, "checkpoint.every_steps", "must be >= 1")
        try require(c.checkpoint.keep >= 1, "checkpoint.keep", "must be >= 1")
        try require(c.output.logEvery >= 1, "output.log_every", "must be >= 1")
        try validateModel(c.model, require)
        if c.data.path.isEmpty {
            do { try c.data.simulate.validate() } catch let error as AdaPertError {
                throw AdaPertError("\(file): data.\(error.message)")
            }
        }
    }
}
