import CellEval
import Core
import Foundation
import HDF5

/// How well predicted mean deltas recover a simulated screen's ground truth (`truth.h5` of
/// `adapert simulate`): per perturbation, Pearson r between predicted and true delta over the genes, and
/// precision at k of the genes ranked by |predicted delta| (ties: by confidence when given, then gene order),
/// k = the number of truly responding genes; means over the perturbations (Pearson: those where it is
/// defined; precision: k > 0).
public struct TruthComparison: Sendable {
    public struct Truth: Sendable {
        public let labels: [String]
        public let genes: [String]
        /// labels.count x genes.count, row-major.
        public let delta: [Float]

        public init(labels: [String], genes: [String], delta: [Float]) {
            self.labels = labels
            self.genes = genes
            self.delta = delta
        }

        public static func read(_ path: String) throws -> Truth {
            let file = try HDF5File.open(path)
            for name in ["perturbations", "genes", "delta"] where !file.isDataset(name) {
                throw AdaPertError("\(path) has no '\(name)' dataset; pass the truth.h5 written by 'adapert simulate'")
            }
            return Truth(labels: try file.dataset("perturbations").readStrings(),
                         genes: try file.dataset("genes").readStrings(), delta: try file.dataset("delta").read())
        }

        /// The true delta of `label` over `genes` (0 for genes the truth lacks), or nil if the label is unknown.
        public func delta(of label: String, genes wanted: [String]) -> [Float]? {
            guard let p = labels.firstIndex(of: label) else { return nil }
            let column = Dictionary(genes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            return wanted.map { column[$0].map { delta[p * genes.count + $0] } ?? 0 }
        }
    }

    public struct Score: Codable, Equatable, Sendable {
        public var pearson: Double
        public var precisionAtK: Double
        public var perturbations: Int
    }

    /// Share of the k genes with the largest |predicted delta| that truly respond; nil when k = 0. Genes
    /// with equal |delta| (above all the exact zeros of a gated model) are ordered by `confidence` when
    /// given (AdaPert's responder probability), then by gene order.
    public static func precisionAtK(predicted: [Float], truth: [Float], confidence: [Float]? = nil) -> Double? {
        let k = truth.filter { $0 != 0 }.count
        guard k > 0 else { return nil }
        let tie = confidence ?? [Float](repeating: 0, count: predicted.count)
        let top = predicted.indices.sorted { a, b in
            let x = abs(predicted[a]), y = abs(predicted[b])
            if x != y { return x > y }
            return tie[a] != tie[b] ? tie[a] > tie[b] : a < b
        }.prefix(k)
        return Double(top.filter { truth[$0] != 0 }.count) / Double(k)
    }

    /// Mean scores of `predicted` (label and delta over the truth's `genes`) against `truth[k]`, the true
    /// delta of `predicted[k]`.
    /// `confidence[k]`, when given, orders perturbation k's genes of equal |delta| (see `precisionAtK`).
    public static func score(_ predicted: [(label: String, delta: [Float])], truth: [[Float]],
                             confidence: [[Float]]? = nil) -> Score {
        var pearsons: [Double] = [], precisions: [Double] = []
        for (k, prediction) in predicted.enumerated() {
            let r = DeltaMetrics.pearson(prediction.delta[...], truth[k][...])
            if !r.isNaN { pearsons.append(r) }
            if let p = precisionAtK(predicted: prediction.delta, truth: truth[k], confidence: confidence?[k]) { precisions.append(p) }
        }
        func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }
        return Score(pearson: mean(pearsons), precisionAtK: mean(precisions), perturbations: predicted.count)
    }
}
