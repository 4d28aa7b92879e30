import Foundation
import AnnData
import Core

/// What a run's preprocessing decides and measures.
public struct PreprocessingOptions: Sendable, Equatable {
    /// Number of highly variable genes to keep; nil or 0 keeps every gene.
    public var hvg: Int?
    /// Input columns always kept (measured perturbation targets).
    public var alwaysKeep: [Int]
    /// Groups 0..<groupCount (perturbations and the control group).
    public var groupCount: Int

    public init(hvg: Int?, alwaysKeep: [Int] = [], groupCount: Int) {
        self.hvg = hvg
        self.alwaysKeep = alwaysKeep
        self.groupCount = groupCount
    }
}

/// What passes 1 and 2 decide: how to normalise and which genes to keep.
public struct Normalization: Sendable {
    public let isCounts: Bool
    public let normalizer: Log1pNormalizer
    public let genes: GeneSubset
    /// What the exact sums of the later passes are bounded by.
    public let bounds: SumBounds
}

/// How many cells preprocessing adds up (all ranks) and how large one log1p-normalised value can be: the
/// bounds from which its accumulators choose their `SummationGrid`s, identical on every rank.
public struct SumBounds: Sendable, Equatable {
    public let cells: Double
    public let log1pValue: Double

    public init(cells: Double, log1pValue: Double) {
        self.cells = cells
        self.log1pValue = log1pValue
    }
}

/// The reduced (all-rank) outcome of preprocessing.
public struct PreprocessingResult: Sendable {
    /// Whether X held raw counts (then normalised to `normalizer.targetTotal` + log1p) or log1p values.
    public let isCounts: Bool
    public let normalizer: Log1pNormalizer
    /// The selected genes (HVG + always-kept), in input order.
    public let genes: GeneSubset

    init(_ normalization: Normalization) {
        isCounts = normalization.isCounts
        normalizer = normalization.normalizer
        genes = normalization.genes
    }
}

/// Streaming, rank-reducible preprocessing in three passes over the chunks (cells with group -1 are ignored):
/// 1. counts detection and library sizes; the sizes are gathered so that every rank has the exact median
///    total count (`LibrarySize`);
/// 2. only when fewer genes than all are asked for: per-cell normalisation + log1p, gene moments -> highly
///    variable genes (`HighlyVariableGenes.seurat`, which keeps every gene otherwise);
/// 3. per-group sufficient statistics over the selected genes. `PreparedRun` does not make this pass: each
///    rank computes its own perturbations' statistics from its shard (`ShardStatistics`), with the same bits.
/// Every accumulator is reduced with one allreduce-sum, so all ranks end with identical results; its terms are
/// rounded to a `SummationGrid`, so the results do not depend on how the cells were spread over ranks either.
public enum Preprocessing {
    /// All three passes: the preprocessing and every group's statistics.
    public static func run(_ source: some CellChunkSource, options: PreprocessingOptions,
                           reducer: some StatisticsReducer = LocalReducer(), file: String
    ) throws -> (result: PreprocessingResult, groups: GroupStatisticsAccumulator) {
        let normalization = try normalization(source, options: options, reducer: reducer, file: file)
        var groupStatistics = try GroupStatisticsAccumulator(groupCount: options.groupCount, genes: normalization.genes,
                                                             bounds: normalization.bounds)
        try source.forEachChunk { chunk, groups in
            groupStatistics.add(log1pChunk: normalization.normalizer.normalize(chunk), groupOfRow: groups)
        }
        try groupStatistics.reduce(with: reducer)
        return (PreprocessingResult(normalization), groupStatistics)
    }

    /// Passes 1 and 2; errors about the values name `file`.
    public static func normalization(_ source: some CellChunkSource, options: PreprocessingOptions,
                                     reducer: some StatisticsReducer, file: String) throws -> Normalization {
        var detector = CountsDetector()
        var localTotals: [Double] = []
        var localLargest: Float = 0
        try source.forEachChunk { chunk, groups in
            detector.add(chunk)
            for (total, group) in zip(LibrarySize.totals(chunk), groups) where group >= 0 { localTotals.append(total) }
            for v in chunk.values where v.isFinite { localLargest = max(localLargest, v) }
        }
        try detector.reduce(with: reducer)
        let largest = try reducer.allreduceMax(Double(localLargest))
        let isCounts = try ExpressionValues.areCounts(
            stored: detector.storedValues, nonFinite: detector.nonFiniteValues, negative: detector.negativeValues,
            nonInteger: detector.nonIntegerValues, largest: Float(largest), file: file, matrix: "the expression matrix")
        let totals = try reducer.allgather(localTotals)
        let normalizer = Log1pNormalizer(targetTotal: LibrarySize.median(totals), inputIsCounts: isCounts)
        // A count is at most its cell's total, so log1p(v * target / total) <= log1p(target) (up to Float rounding).
        let bounds = SumBounds(cells: Double(totals.count),
                               log1pValue: isCounts ? log1p(normalizer.targetTotal) * (1 + 0x1p-20) : largest)

        var selected = Array(0..<source.geneCount)
        if let top = options.hvg, top > 0, top < source.geneCount {
            var moments = GeneMomentsAccumulator(geneCount: source.geneCount, bounds: bounds)
            try source.forEachChunk { chunk, groups in
                moments.add(log1pChunk: normalizer.normalize(chunk), include: groups.map { $0 >= 0 })
            }
            try moments.reduce(with: reducer)
            selected = HighlyVariableGenes.seurat(moments, top: top, alwaysKeep: options.alwaysKeep)
        }
        return Normalization(isCounts: isCounts, normalizer: normalizer,
                             genes: GeneSubset(columns: selected, inputColumns: source.geneCount), bounds: bounds)
    }
}
