import AnnData
import Core
import Foundation
import Model

/// The seeded train/val/test split of a screen's perturbations by target gene (docs/cli.md `split.json`).
///
/// Target genes are ordered by a stable hash of (seed, gene); the first share become test targets, the
/// next validation targets, the rest training targets. A perturbation touching any test target is a test
/// perturbation, else one touching a validation target is a validation one, else it trains: test
/// targets are never perturbed in training, so test measures prediction for unseen targets.
public struct PerturbationSplit: Codable, Equatable, Sendable {
    public var train: [String]
    public var val: [String]
    public var test: [String]

    public init(train: [String], val: [String], test: [String]) {
        self.train = train
        self.val = val
        self.test = test
    }

    public init(labels: [String], config: SplitConfig) throws {
        let targets = Set(labels.flatMap(PerturbationLabels.targets(of:)))
        guard targets.count >= 3 else {
            throw AdaPertError("the screen has \(targets.count) distinct target genes; a train/val/test split needs at least 3")
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

    public static func read(from path: String) throws -> PerturbationSplit {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AdaPertError("cannot read \(path); is this a run directory made by 'adapert train'?")
        }
        do {
            return try JSONDecoder().decode(PerturbationSplit.self, from: data)
        } catch {
            throw AdaPertError("\(path) is not a valid split file (needs train, val, test lists of labels): \(error)")
        }
    }
}
