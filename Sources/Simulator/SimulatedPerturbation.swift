/// One simulated perturbation and its true effect.
public struct SimulatedPerturbation: Sendable, Equatable {
    /// Canonical label: target symbols sorted and joined by '+'.
    public let label: String
    /// GEARS-style condition: `A+ctrl` for a single, `A+B` for a double.
    public let condition: String
    /// Target node indices (into `SimulationDesign.nodeNames`).
    public let targets: [Int]
    /// True delta over the measured genes in log1p space (see `SimulationDesign`); exactly 0 where a gene does
    /// not respond.
    public let delta: [Double]
    /// A weak perturbation changes nothing but its own (measured) target.
    public let isWeak: Bool

    public var responding: [Bool] { delta.map { $0 != 0 } }
}
