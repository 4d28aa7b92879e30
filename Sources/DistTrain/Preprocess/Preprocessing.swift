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

/// The reduced (all-rank) outcome of preprocessing.
public struct PreprocessingResult: Sendable {
    /// Whether X held raw counts (then normalised to `normalizer.targetTotal` + log1p) or log1p values.
    public let isCounts: Bool
    public let normalizer: Log1pNormalizer
    /// The selected genes (HVG + always-kept), in input order.
    public let genes: GeneSubset
    /// Per-group log1p statistics over `genes`.
    public let groups: GroupStatisticsAccumulator
}

/// Streaming, rank-reducible preprocessing in three passes over the chunks (cells with group -1 are ignored):
/// 1. counts detection and library sizes; the sizes are gathered so that every rank has the exact median
///    total count (`LibrarySize`);
/// 2. per-cell normalisation + log1p, gene moments -> highly variable genes (`HighlyVariableGenes.seurat`);
/// 3. per-group sufficient statistics over the selected genes.
/// Every accumulator is reduced with one allreduce-sum, so all ranks end with identical results.
public enum Preprocessing {
    public static func run(_ source: some CellChunkSource, options: PreprocessingOptions,
                           reducer: some StatisticsReducer = LocalReducer()) throws -> PreprocessingResult {
        var detector = CountsDetector()
        var localTotals: [Double] = []
        try source.forEachChunk { chunk, groups in
            detector.add(chunk)
            for (total, group) in zip(LibrarySize.totals(chunk), groups) where group >= 0 { localTotals.append(total) }
        }
        try detector.reduce(with: reducer)
        guard detector.negativeValues == 0 else {
            throw AdaPertError("expression matrix has \(detector.negativeValues) negative values; "
                + "pass raw counts or log1p-normalised expression (e.g. --layer counts)")
        }
        let median = LibrarySize.median(try reducer.allgather(localTotals))
        let normalizer = Log1pNormalizer(targetTotal: median, inputIsCounts: detector.isCounts)

        var moments = GeneMomentsAccumulator(geneCount: source.geneCount)
        try source.forEachChunk { chunk, groups in
            moments.add(log1pChunk: normalizer.normalize(chunk), include: groups.map { $0 >= 0 })
        }
        try moments.reduce(with: reducer)
        let selected = HighlyVariableGenes.seurat(moments, top: options.hvg, alwaysKeep: options.alwaysKeep)
        let genes = GeneSubset(columns: selected, inputColumns: source.geneCount)

        var groupStatistics = GroupStatisticsAccumulator(groupCount: options.groupCount, genes: genes)
        try source.forEachChunk { chunk, groups in
            groupStatistics.add(log1pChunk: normalizer.normalize(chunk), groupOfRow: groups)
        }
        try groupStatistics.reduce(with: reducer)
        return PreprocessingResult(isCounts: detector.isCounts, normalizer: normalizer, genes: genes,
                                   groups: groupStatistics)
    }
}
