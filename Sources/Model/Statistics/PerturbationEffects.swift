/// What the trainer needs per training perturbation from the sufficient statistics: the observed delta
/// dbar = mean_p - mean_control (log1p space), Welch t, BH-adjusted p-values, DEG labels (FDR < 0.05) and
/// precision weights omega.
public struct PerturbationEffects: Equatable, Sendable {
    public let observedDelta: [Double]
    public let welch: WelchTest
    public let adjustedPValues: [Double]
    public let isDEG: [Bool]
    public let weights: [Double]

    public var degCount: Int { isDEG.lazy.filter { $0 }.count }

    public init(perturbation: GroupStatistics, control: GroupStatistics,
                fdr: Double = 0.05, precision: PrecisionWeights = .modelDefault) {
        let meanP = perturbation.mean(), meanC = control.mean()
        observedDelta = zip(meanP, meanC).map { $0 - $1 }
        welch = WelchTest(perturbation: perturbation, control: control)
        adjustedPValues = BenjaminiHochberg.adjust(welch.pValues)
        isDEG = adjustedPValues.map { $0 < fdr }
        weights = precision.weights(t: welch.t)
    }
}
