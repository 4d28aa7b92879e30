/// What the trainer needs per training perturbation from the sufficient statistics: the observed delta
/// dbar = mean_p - mean_control (log1p space), the DEG labels (Welch t, BH-adjusted p < FDR 0.05) and the
/// precision weights omega. Only these are kept (the t statistics and p-values are dropped after use): a
/// rank holds one of these per perturbation it owns, so at genome scale each costs G x 13 bytes, not G x 56.
public struct PerturbationEffects: Equatable, Sendable {
    public let observedDelta: [Double]
    public let isDEG: [Bool]
    public let weights: [Float]

    public var degCount: Int { isDEG.lazy.filter { $0 }.count }

    public init(perturbation: GroupStatistics, control: GroupStatistics,
                fdr: Double = 0.05, precision: PrecisionWeights = .modelDefault) {
        let meanP = perturbation.mean(), meanC = control.mean()
        observedDelta = zip(meanP, meanC).map { $0 - $1 }
        let welch = WelchTest(perturbation: perturbation, control: control)
        isDEG = BenjaminiHochberg.adjust(welch.pValues).map { $0 < fdr }
        weights = precision.weights(t: welch.t).map(Float.init)
    }
}
