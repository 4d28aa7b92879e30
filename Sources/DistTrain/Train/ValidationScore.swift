import CellEval
import Model

extension Validation {
    public struct Score: Equatable, Sendable {
        public var score: Double
        public var des: Double
        public var degRatio: Double
        public var mseTop20: Double
        public var responderThreshold: Double
    }

    /// The score's terms summed over some validation perturbations' results: `terms` = [sum of DES
    /// (overlap_at_N), sum of |log2((predicted DEGs + 1) / (real DEGs + 1))|, sum of finite MSE top-20,
    /// number of those MSEs]. Each rank sums its own perturbations; the sums are then reduced.
    struct Sums {
        static let width = 4
        var terms = [Double](repeating: 0, count: width)

        /// One perturbation's terms: DES, |log2 DEG-count ratio|, MSE top-20 and 1 when that MSE is finite.
        static func terms(of result: PerturbationResult) -> [Double] {
            let nReal = result[.nsigCountsReal] ?? 0, nPred = result[.nsigCountsPred] ?? 0
            let mse = result[.mseTop20DE].flatMap { $0.isFinite ? $0 : nil }
            return [result[.overlapAtN] ?? 0, abs(Double.log2((nPred + 1) / (nReal + 1))), mse ?? 0, mse == nil ? 0 : 1]
        }

        mutating func add(_ result: PerturbationResult) { add(Self.terms(of: result)[...]) }

        /// Adds one perturbation's `terms(of:)` row.
        mutating func add(_ row: ArraySlice<Double>) {
            for i in 0..<Self.width { terms[i] += row[row.startIndex + i] }
        }

        /// score = mean DES - 0.05 x mean |log2((predicted DEGs + 1) / (real DEGs + 1))| over `count`
        /// perturbations (count 0 is taken as 1); MSE top-20 is the mean of the finite ones (NaN if none).
        func score(count: Int, responderThreshold: Double) -> Score {
            let n = Double(max(count, 1))
            let des = terms[0] / n, ratio = terms[1] / n
            return Score(score: des - 0.05 * ratio, des: des, degRatio: ratio,
                         mseTop20: terms[3] > 0 ? terms[2] / terms[3] : .nan, responderThreshold: responderThreshold)
        }
    }
}
