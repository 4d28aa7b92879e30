/// The two trivial references beside every model (docs/model.md "Baselines"): deltas in log1p space over the
/// measured genes, to be turned into cells by `PredictedCells`.
public enum MeanBaselines {
    /// `control`: delta = 0 for every gene (predicted cells are control cells; no DEG can be called).
    public static func control(genes: Int) -> [Float] { [Float](repeating: 0, count: genes) }

    /// `train-mean`: the mean over training perturbations of their observed deltas (the mean-collapse
    /// reference). `trainDeltas`: T x G row-major.
    public static func trainMean(trainDeltas: [Float], genes g: Int) -> [Float] {
        precondition(g > 0 && trainDeltas.count % g == 0 && !trainDeltas.isEmpty, "trainDeltas must be T x G, T >= 1")
        let t = trainDeltas.count / g
        var sums = [Double](repeating: 0, count: g)
        for row in 0..<t { for i in 0..<g { sums[i] += Double(trainDeltas[row * g + i]) } }
        return sums.map { Float($0 / Double(t)) }
    }
}
