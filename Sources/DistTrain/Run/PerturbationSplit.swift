import AnnData
import Core
import Foundation
import Model

/// The train/val/test split of a screen's perturbations (docs/cli.md `split.json`), in one of three ways:
///
/// - `unseen: targets` (default): target genes are ordered by a stable hash of (seed, gene); the first share
///   become test targets, the next validation targets, the rest training targets. A perturbation touching
///   any test target is a test perturbation, else one touching a validation target is a validation one, else
///   it trains: test targets are never perturbed in training.
/// - `unseen: combinations`: every single perturbation trains; the double perturbations, ordered by a stable
///   hash of (seed, label), are shared out to test, validation and training by the same fractions. Each
///   validation and test double gets GEARS's category `combo_seen0/1/2`: how many of its two singles train.
/// - `file:` an explicit split.json, checked against the screen's labels.
public struct PerturbationSplit: Codable, Equatable, Sendable {
    public var train: [String]
    public var val: [String]
    public var test: [String]
    /// `combo_seenK` per validation and test double perturbation (combination splits only).
    public var categories: [String: String]?

    public init(train: [String], val: [String], test: [String], categories: [String: String]? = nil) {
        self.train = train
        self.val = val
        self.test = test
        self.categories = categories
    }

    public init(labels: [String], config: SplitConfig) throws {
        if !config.file.isEmpty {
            self = try Self.read(from: config.file, source: "data.split.file")
            try check(against: labels, file: config.file)
            return
        }
        switch config.unseen {
        case .targets: try self.init(unseenTargets: labels, config: config)
        case .combinations: try self.init(unseenCombinations: labels, config: config)
        }
    }

    /// The explicit split names only the screen's labels, each once, with non-empty train and test sets.
    func check(against labels: [String], file: String) throws {
        let known = Set(labels)
        let listed = train + val + test
        if let unknown = listed.first(where: { !known.contains($0) }) {
            throw AdaPertError("\(file): '\(unknown)' is not a perturbation of the screen (after label canonicalisation, e.g. 'A+B' sorted, controls and excluded labels removed); fix or drop it")
        }
        var seen = Set<String>()
        if let repeated = listed.first(where: { !seen.insert($0).inserted }) {
            throw AdaPertError("\(file): '\(repeated)' is listed twice (train, val and test must not overlap); keep it in one list")
        }
        for (name, list) in [("train", train), ("val", val), ("test", test)] where list.isEmpty {
            throw AdaPertError("\(file): the \(name) list is empty; give it at least one perturbation"
                + (name == "val" ? " (validation chooses the parameters kept and the responder threshold)" : ""))
        }
    }

    private init(unseenCombinations labels: [String], config: SplitConfig) throws {
        let all = Set(labels).sorted()
        let singles = all.filter { PerturbationLabels.targets(of: $0).count == 1 }
        let doubles = all.filter { PerturbationLabels.targets(of: $0).count > 1 }
        let ordered = doubles.sorted { Self.rank($0, seed: config.seed) < Self.rank($1, seed: config.seed) }
        let nTest = max(1, Int((config.testFraction * Double(doubles.count)).rounded()))
        let nVal = max(1, Int((config.valFraction * Double(doubles.count)).rounded()))
        guard nTest + nVal <= doubles.count else {
            throw AdaPertError("data.split.unseen: combinations needs at least \(nTest + nVal) double perturbations; the screen has \(doubles.count) (use unseen: targets)")
        }
        let test = ordered.prefix(nTest).sorted(), val = ordered.dropFirst(nTest).prefix(nVal).sorted()
        let train = (singles + ordered.dropFirst(nTest + nVal)).sorted()
        let trainingSingles = Set(singles)
        var categories: [String: String] = [:]
        for label in test + val {
            let seen = PerturbationLabels.targets(of: label).filter { trainingSingles.contains($0) }.count
            categories[label] = "combo_seen\(seen)"
        }
        self.init(train: train, val: Array(val), test: Array(test), categories: categories)
    }

    private init(unseenTargets labels: [String], config: SplitConfig) throws {
        let targets = Set(labels.flatMap(PerturbationLabels.targets(of:)))
        guard targets.count >= 3 else {
            throw AdaPertError("the screen has \(targets.count) distinct target genes; a train/val/test split needs at least 3 (check data.perturbation_key, data.control and data.exclude)")
        }
        let ordered = targets.sorted { Self.rank($0, seed: config.seed) < Self.rank($1, seed: config.seed) }
        let nTest = max(1, Int((config.testFraction * Double(targets.count)).rounded()))
        let nVal = max(1, Int((config.valFraction * Double(targets.count)).rounded()))
        guard nTest + nVal < targets.count else {
            throw AdaPertError("data.split leaves no training targets among \(targets.count); lower val_fraction/test_fraction")
        }
        let testTargets = Set(ordered.prefix(nTest))
        let valTargets = Set(ordered.dropFirst(nTest).prefix(nVal))
        var train: [String] = [], val: [String] = [], test: [String] = []
        for label in Set(labels).sorted() {
            let labelTargets = PerturbationLabels.targets(of: label)
            if labelTargets.contains(where: testTargets.contains) {
                test.append(label)
            } else if labelTargets.contains(where: valTargets.contains) {
                val.append(label)
            } else {
                train.append(label)
            }
        }
        self.init(train: train, val: val, test: test)
    }

    private static func rank(_ gene: String, seed: Int) -> UInt64 {
        var h = StableHash()
        h.combine(Int64(seed))
        h.combine(gene)
        return h.value
    }

    /// The labels of a named split (`train`, `val`, `test`, or `all`).
    public func labels(_ name: String) throws -> [String] {
        switch name {
        case "train": return train
        case "val": return val
        case "test": return test
        case "all": return train + val + test
        default: throw AdaPertError("unknown split '\(name)'; use train, val, test or all")
        }
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// `source` says where the path came from, for the error when it cannot be read.
    public static func read(from path: String, source: String = "a run directory's split.json") throws -> PerturbationSplit {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AdaPertError("cannot read \(path) (\(source)); check the path")
        }
        do {
            return try JSONDecoder().decode(PerturbationSplit.self, from: data)
        } catch {
            throw AdaPertError("\(path) is not a valid split file (needs train, val, test lists of labels): \(error)")
        }
    }
}
