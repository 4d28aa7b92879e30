/// Global counts over the whole batch (all ranks), so that every rank divides by the same normaliser.
public struct BatchNormaliser: Sendable, Equatable {
    public var perturbations: Int
    /// Number of (p, i) in the global batch with y_ip = 1 (the direction loss's denominator).
    public var responderPositives: Int
    public init(perturbations: Int, responderPositives: Int) {
        self.perturbations = perturbations
        self.responderPositives = responderPositives
    }
    /// The normaliser of a batch held entirely by this process.
    public init(_ examples: [PerturbationExample]) {
        self.init(perturbations: examples.count,
                  responderPositives: examples.reduce(0) { $0 + $1.responderLabel.filter { $0 > 0.5 }.count })
    }
}
