import Model

/// Which perturbations, and which of their cells, make up global step `step` (1-based): a function of
/// (seed, epoch, step) only, so every rank, any world size and a resumed run agree on it.
///
/// Epoch e visits the training perturbations in a Fisher-Yates permutation drawn from SplitMix64 seeded by
/// mix(seed, e); step s of the epoch takes the next `perStep` of them (the last step may take fewer).
public struct BatchSchedule: Sendable {
    public let trainingPerturbations: [Int]
    public let perStep: Int
    public let cellsPerPerturbation: Int
    public let seed: UInt64

    public init(trainingPerturbations: [Int], perStep: Int, cellsPerPerturbation: Int, seed: UInt64) {
        precondition(!trainingPerturbations.isEmpty, "training needs at least one perturbation")
        self.trainingPerturbations = trainingPerturbations.sorted()
        self.perStep = min(perStep, trainingPerturbations.count)
        self.cellsPerPerturbation = cellsPerPerturbation
        self.seed = seed
    }

    public var stepsPerEpoch: Int { (trainingPerturbations.count + perStep - 1) / perStep }

    /// The 0-based epoch of 1-based step `step`.
    public func epoch(ofStep step: Int) -> Int { (step - 1) / stepsPerEpoch }

    public func perturbations(atStep step: Int) -> [Int] {
        let epoch = self.epoch(ofStep: step)
        var order = trainingPerturbations
        var rng = SplitMix64(seed: SplitMix64.mix(seed &+ SplitMix64.mix(UInt64(epoch) &+ SplitMix64.golden)))
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
        }
        let start = (step - 1 - epoch * stepsPerEpoch) * perStep
        return Array(order[start..<min(start + perStep, order.count)])
    }

    /// Positions (into the perturbation's file-ordered cells) of the cells sampled for it at `step`: all
    /// cells when it has at most `cellsPerPerturbation`, else that many without replacement (partial
    /// Fisher-Yates driven by the counter generator keyed by (seed, step, perturbation)), sorted.
    public func cellPositions(perturbation p: Int, cellCount n: Int, step: Int) -> [Int] {
        guard n > cellsPerPerturbation else { return Array(0..<n) }
        let random = CounterRandom(seed: seed)
        var pool = Array(0..<n)
        for i in 0..<cellsPerPerturbation {
            let j = i + Int(random.bits(.cellSampling, step: step, id: p, index: i) % UInt64(n - i))
            pool.swapAt(i, j)
        }
        return pool[0..<cellsPerPerturbation].sorted()
    }
}
