import Foundation

/// Seconds a rank spends in the training step's collectives (the batch's examples, the gradient and loss
/// sums) against the steps' whole time: the communication share `adapert train` logs at its end. A
/// collective returns when every rank has reached it, so the time includes waiting for slower ranks.
final class CollectiveClock {
    private(set) var collectiveSeconds = 0.0
    private(set) var stepSeconds = 0.0
    private(set) var steps = 0

    func collective<T>(_ body: () throws -> T) rethrows -> T {
        let started = Date()
        defer { collectiveSeconds += Date().timeIntervalSince(started) }
        return try body()
    }

    func addStep(seconds: Double) {
        stepSeconds += seconds
        steps += 1
    }

    /// "collectives: 0.41 s of 12.3 s over 10 steps (3.3 %) ..." (nil before any step).
    var summary: String? {
        guard steps > 0 else { return nil }
        return String(format: "collectives: %.2f s of %.2f s over %d training steps (%.1f %%), waiting for other ranks included",
                      collectiveSeconds, stepSeconds, steps, 100 * collectiveSeconds / max(stepSeconds, 1e-9))
    }
}
