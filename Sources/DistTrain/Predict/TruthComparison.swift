import Foundation

/// How well predicted mean deltas recover a simulated screen's ground truth (`truth.h5` of
/// `adapert simulate`): per perturbation, Pearson r between predicted and true delta over the genes, and
/// precision at k of the genes ranked by |predicted delta| (ties: gene order), k = the number of truly
/// responding genes; means over the perturbations (Pearson: those where it is defined; precision: k > 0).
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

    public static func pearson(_ a: [Float], _ b: [Float]) -> Double? {
        let n = Double(a.count)
        let ma = a.reduce(0) { $0 + Double($1) } / n, mb = b.reduce(0) { $0 + Double($1) } / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) {
            sab += (Double(x) - ma) * (Double(y) - mb)
            saa += (Double(x) - ma) * (Double(x) - ma)
            sbb += (Double(y) - mb) * (Double(y) - mb)
        }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : nil
    }

    /// Share of the k genes with the largest |predicted delta| that truly respond; nil when k = 0.
    public static func precisionAtK(predicted: [Float], truth: [Float]) -> Double? {
        let k = truth.filter { $0 != 0 }.count
        guard k > 0 else { return nil }
        let top = predicted.indices.sorted { abs(predicted[$0]) > abs(predicted[$1]) || (abs(predicted[$0]) == abs(predicted[$1]) && $0 < $1) }.prefix(k)
        return Double(top.filter { truth[$0] != 0 }.count) / Double(k)
    }

    /// Mean scores of `predicted` (label -> delta over the truth's `genes`).
    public static func score(_ predicted: [(label: String, delta: [Float])], truth: [[Float]]) -> Score {
        var pearsons: [Double] = [], precisions: [Double] = []
        for (k, prediction) in predicted.enumerated() {
            if let r = pearson(prediction.delta, truth[k]) { pearsons.append(r) }
            if let p = precisionAtK(predicted: prediction.delta, truth: truth[k]) { precisions.append(p) }
        }
        func mean(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }
        return Score(pearson: mean(pearsons), precisionAtK: mean(precisions), perturbations: predicted.count)
    }
}
