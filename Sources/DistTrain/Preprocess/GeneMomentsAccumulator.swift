import AnnData
import Foundation

/// Per-gene moments of normalised (not log) expression over all included cells, for highly variable gene
/// selection: buffer [n, sum x (G), sum x^2 (G)] with x = expm1 of the log1p-normalised value, each term
/// rounded to a `SummationGrid` so that the sums are exact.
public struct GeneMomentsAccumulator: ReducibleAccumulator, Sendable {
    public var buffer: [Double]
    public let geneCount: Int
    private let sumGrid: SummationGrid
    private let squareGrid: SummationGrid

    /// Moments of at most `bounds.cells` cells whose x are at most expm1(`bounds.log1pValue`).
    public init(geneCount: Int, bounds: SumBounds) {
        self.geneCount = geneCount
        buffer = [Double](repeating: 0, count: 1 + 2 * geneCount)
        let largest = expm1(bounds.log1pValue) * (1 + 0x1p-20)
        sumGrid = SummationGrid(bound: bounds.cells * largest)
        squareGrid = SummationGrid(bound: bounds.cells * largest * largest)
    }

    /// Adds the rows of a log1p-normalised chunk whose `include[r]` is true (all rows when nil).
    public mutating func add(log1pChunk chunk: CSRMatrix, include: [Bool]? = nil) {
        precondition(chunk.nCols == geneCount, "chunk has \(chunk.nCols) genes, expected \(geneCount)")
        let g = geneCount
        buffer.withUnsafeMutableBufferPointer { b in
            for r in 0..<chunk.nRows where include?[r] ?? true {
                b[0] += 1
                for k in Int(chunk.indptr[r])..<Int(chunk.indptr[r + 1]) {
                    let x = expm1(Double(chunk.values[k])), c = 1 + Int(chunk.indices[k])
                    b[c] += sumGrid.round(x)
                    b[c + g] += squareGrid.round(x * x)
                }
            }
        }
    }

    public var count: Double { buffer[0] }
    public var mean: [Double] { (0..<geneCount).map { buffer[1 + $0] / max(count, 1) } }
    /// Unbiased variance (ddof 1, as scanpy), clamped at 0.
    public var variance: [Double] {
        let n = count
        guard n > 1 else { return [Double](repeating: 0, count: geneCount) }
        return (0..<geneCount).map { g in
            let m = buffer[1 + g] / n
            return max(0, (buffer[1 + geneCount + g] - n * m * m) / (n - 1))
        }
    }
}
