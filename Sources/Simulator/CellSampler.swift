import AnnData
import Dispatch
import Foundation
import Model

/// Draws the counts of a range of cells (`SimulationDesign` explains the model). Cell c's numbers come from
/// its own stream keyed by (seed, c), so chunks can be drawn in any order and in parallel with identical results.
struct CellSampler: Sendable {
    /// (perturbations + 1) x genes expected expression m_pg; the last row is the control.
    let expected: [[Double]]
    let theta: [Double]
    let seed: UInt64
    /// Factor on every size factor (`SimulationSettings.depth`).
    let depth: Double

    init(design: SimulationDesign) {
        let m = design.controlMean
        expected = design.perturbations.map { p in
            zip(m, p.delta).map { expm1(log1p($0) + $1) }
        } + [m]
        theta = design.theta
        seed = design.settings.seed
        depth = design.settings.depth
    }

    /// Rows for cells `first ..< first + groups.count`; `groups[i]` indexes `expected`.
    func sample(first: Int, groups: [Int32]) -> CSRMatrix {
        let blockSize = 256
        let blocks = (groups.count + blockSize - 1) / blockSize
        let results = BlockResults(count: blocks)
        DispatchQueue.concurrentPerform(iterations: blocks) { b in
            let range = (b * blockSize)..<min(groups.count, (b + 1) * blockSize)
            results.store(b, sampleBlock(first: first + range.lowerBound, groups: groups[range]))
        }
        var out = CSRMatrix(nCols: theta.count)
        for block in results.take() { out.append(block) }
        return out
    }

    private func sampleBlock(first: Int, groups: ArraySlice<Int32>) -> CSRMatrix {
        var indptr: [Int64] = [0], indices: [Int32] = [], values: [Float] = []
        for (offset, group) in groups.enumerated() {
            var rng = SplitMix64(seed: seed, stream: 5, index: UInt64(first + offset))
            let size = depth * exp(0.4 * rng.nextNormal())
            let means = expected[Int(group)]
            for g in 0..<means.count {
                let count = rng.negativeBinomial(mean: size * means[g], theta: theta[g])
                if count > 0 { indices.append(Int32(g)); values.append(Float(count)) }
            }
            indptr.append(Int64(indices.count))
        }
        return CSRMatrix(nRows: groups.count, nCols: theta.count, indptr: indptr, indices: indices, values: values)
    }
}

/// Per-block results written by concurrent workers, each to its own slot.
private final class BlockResults: @unchecked Sendable {
    private var slots: [CSRMatrix?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ i: Int, _ block: CSRMatrix) {
        lock.lock(); defer { lock.unlock() }
        slots[i] = block
    }

    func take() -> [CSRMatrix] { slots.map { $0! } }
}
