/// The hard-concrete gate of Louizos, Welling & Kingma (2018) with temperature tau and stretch (gamma, zeta):
///   training:  s~ = sigmoid((log(u / (1 - u)) + s) / tau),  g = clamp(s~ (zeta - gamma) + gamma, 0, 1),  u ~ U(eps, 1 - eps)
///   inference: g = clamp(sigmoid(s) (zeta - gamma) + gamma, 0, 1)
///   P(g > 0)  = sigmoid(s - tau log(-gamma / zeta))   (the expected L0 of the gate)
/// The clamp's derivative is 0 outside the open interval (0, 1).
public struct HardConcrete: Sendable, Codable, Equatable {
    public var tau: Double = 2.0 / 3.0
    public var gamma: Double = -0.1
    public var zeta: Double = 1.1
    public var eps: Double = 1e-6

    public init() {}

    enum CodingKeys: String, CodingKey { case tau, gamma, zeta, eps }

    /// tau log(-gamma / zeta): the shift from the gate logit to the open-probability logit.
    public var openShift: Double { tau * Double.log(-gamma / zeta) }

    /// Training gate and dg/ds for logit s and noise u.
    @inline(__always)
    public func sample<T: ModelScalar>(logit s: T, noise u: Double) -> (gate: T, dGate: T) {
        let z = (T(Double.log(u / (1 - u))) + s) / T(tau)
        return stretch(Activation.sigmoid(z), slope: 1 / T(tau))
    }

    /// Inference gate: the noise-free stretch of sigmoid(s), and its derivative.
    @inline(__always)
    public func deterministic<T: ModelScalar>(logit s: T) -> (gate: T, dGate: T) {
        stretch(Activation.sigmoid(s), slope: 1)
    }

    /// The logit of P(g > 0): s - tau log(-gamma / zeta).
    @inline(__always)
    public func openLogit<T: ModelScalar>(_ s: T) -> T { s - T(openShift) }

    /// g = clamp(sig (zeta - gamma) + gamma, 0, 1); dg/ds = (zeta - gamma) sig (1 - sig) * slope inside (0, 1).
    @inline(__always)
    private func stretch<T: ModelScalar>(_ sig: T, slope: T) -> (gate: T, dGate: T) {
        let width = T(zeta - gamma)
        let pre = sig * width + T(gamma)
        if pre <= 0 { return (0, 0) }
        if pre >= 1 { return (1, 0) }
        return (pre, width * sig * (1 - sig) * slope)
    }
}
