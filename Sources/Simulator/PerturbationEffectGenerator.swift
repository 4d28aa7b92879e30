import Foundation
import Model

/// Draws the true effects of the simulated perturbations on a scale-free graph (all amounts in log1p units
/// of expected normalised expression):
/// - specific response: spreads from the target over at most 3 hops; a neighbour joins with probability
///   0.5 / 0.25 / 0.1 per hop and carries parent effect x edge weight x U(0.6, 1.4), its sign flipped with
///   probability 0.3; at most 25 nodes join, and effects below 0.05 are dropped, so few genes respond and most
///   stay exactly 0. The target's amplitude is U(0.5, 1.5) with a random sign.
/// - self-knockdown: a measured target drops by U(0.4, 0.9) x log1p(control expression).
/// - generic response: a fixed program on 5% of genes (U(0.1, 0.3), random sign), scaled by U(0.5, 1) per
///   non-weak perturbation, shared by all of them (predicting the average is tempting and wrong).
/// - weak perturbations (25% of singles): no specific or generic response, only the self-knockdown.
/// - doubles A+B: specific_A + specific_B + generic x max(a_A, a_B) + an interaction N(0, 0.4) on 1-5 genes.
/// Every delta is clamped at -0.9 log1p(m) (m: control expression) so expression stays positive.
struct PerturbationEffectGenerator {
    let adjacency: [[(Int, Double)]]
    let geneCount: Int
    let controlMean: [Double]
    let generic: [Double]

    static func genericProgram(geneCount g: Int, rng: inout SplitMix64) -> [Double] {
        var program = [Double](repeating: 0, count: g)
        let genes = Array(0..<g).shuffled(using: &rng).prefix(max(3, g * 5 / 100))
        for i in genes { program[i] = rng.uniform(0.1, 0.3) * (rng.nextUniform() < 0.5 ? -1 : 1) }
        return program
    }

    /// Specific response (self-knockdown excluded) of a single target, and the generic amplitude.
    func single(target: Int, weak: Bool, rng: inout SplitMix64) -> (specific: [Double], genericScale: Double) {
        var specific = [Double](repeating: 0, count: geneCount)
        guard !weak else { return (specific, 0) }
        let joinProbability = [0.5, 0.25, 0.1]
        var visited: Set<Int> = [target]
        var frontier = [(target, rng.uniform(0.5, 1.5) * (rng.nextUniform() < 0.5 ? -1 : 1))]
        var joined = 0
        for hop in 0..<3 where joined < 25 {
            var next: [(Int, Double)] = []
            for (u, effect) in frontier {
                for (v, w) in adjacency[u].shuffled(using: &rng) where !visited.contains(v) && joined < 25 {
                    visited.insert(v)
                    guard rng.nextUniform() < joinProbability[hop] else { continue }
                    let sign: Double = rng.nextUniform() < 0.3 ? -1 : 1
                    let e = sign * effect * w * rng.uniform(0.6, 1.4)
                    joined += 1
                    next.append((v, e))
                    if v < geneCount && abs(e) >= 0.05 { specific[v] = e }
                }
            }
            frontier = next
        }
        return (specific, rng.uniform(0.5, 1))
    }

    /// The full delta: specific + generic x scale + self-knockdown of measured targets, clamped.
    func delta(specific: [Double], genericScale: Double, targets: [Int], knockdown: [Int: Double]) -> [Double] {
        var d = (0..<geneCount).map { specific[$0] + genericScale * generic[$0] }
        for t in targets where t < geneCount { d[t] = -knockdown[t]! * log1p(controlMean[t]) }
        for g in 0..<geneCount { d[g] = max(d[g], -0.9 * log1p(controlMean[g])) }
        return d
    }

    /// An interaction term for a double: N(0, 0.4) on 1-5 genes from the union of both responses (random
    /// genes when neither responds).
    func interaction(_ a: [Double], _ b: [Double], rng: inout SplitMix64) -> [Double] {
        var term = [Double](repeating: 0, count: geneCount)
        var pool = (0..<geneCount).filter { a[$0] != 0 || b[$0] != 0 }
        if pool.isEmpty { pool = Array(0..<geneCount) }
        for g in pool.shuffled(using: &rng).prefix(1 + rng.int(below: 5)) { term[g] = 0.4 * rng.nextNormal() }
        return term
    }
}
