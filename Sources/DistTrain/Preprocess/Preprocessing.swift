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

    init(_ normalization: Normalization, groups: GroupStatisticsAccumulator) {
        isCounts = normalization.isCounts
        normalizer = normalization.normalizer
        genes = normalization.genes
        self.groups = groups
    }
}

/// Streaming, rank-reducible preprocessing in three passes over the chunks (cells with group -1 are ignored):
/// 1. counts detection and library sizes; the sizes are gathered so that every rank has the exact median
///    total count (`LibrarySize`);
/// 2. only when fewer genes than all are asked for: per-cell normalisation + log1p, gene moments -> highly
///    variable genes (`HighlyVariableGenes.seurat`, which keeps every gene otherwise);
/// 3. per-group sufficient statistics over the selected genes. `PreparedRun` folds this pass into the
///    shard exchange, which reads and normalises the same rows anyway.
/// Every accumulator is reduced with one allreduce-sum, so all ranks end with identical results.
public enum Preprocessing {
    public static func run(_ source: some CellChunkSource, options: PreprocessingOptions,
                           reducer: some StatisticsReducer = LocalReducer()) throws -> PreprocessingResult {
        let normalization = try normalization(source, options: options, reducer: reducer)
        var groupStatistics = try GroupStatisticsAccumulator(groupCount: options.groupCount, genes: normalization.genes)
        try source.forEachChunk { chunk, groups in
            groupStatistics.add(log1pChunk: normalization.normalizer.normalize(chunk), groupOfRow: groups)
        }
        try groupStatistics.reduce(with: reducer)
        return PreprocessingResult(normalization, groups: groupStatistics)
    }

    /// Passes 1 and 2.
    public static func normalization(_ source: some CellChunkSource, options: PreprocessingOptions,
                                     reducer: some StatisticsReducer) throws -> Normalization {
        var detector = CountsDetector()
        var localTotals: [Double] = []
        try source.forEachChunk { chunk, groups in
            detector.add(chunk)
            for (total, group) in zip(LibrarySize.totals(chunk), groups) where group >= 0 { localTotals.append(total) }
        }
        try detector.reduce(with: reducer)
        guard detector.nonFiniteValues == 0 else {
            throw AdaPertError("expression matrix has \(detector.nonFiniteValues) NaN or infinite values; replace them "
                + "(e.g. adata.X.data = numpy.nan_to_num(adata.X.data)) or drop those cells, and save the file again")
        }
        guard detector.negativeValues == 0 else {
            throw AdaPertError("expression matrix has \(detector.negativeValues) negative values; "
                + "pass raw counts or log1p-normalised expression (e.g. --layer counts)")
        }
        let median = LibrarySize.median(try reducer.allgather(localTotals))
        let normalizer = Log1pNormalizer(targetTotal: median, inputIsCounts: detector.isCounts)

        var selected = Array(0..<source.geneCount)
        if let top = options.hvg, top > 0, top < source.geneCount {
            var moments = GeneMomentsAccumulator(geneCount: source.geneCount)
            try source.forEachChunk { chunk, groups in
                moments.add(log1pChunk: normalizer.normalize(chunk), include: groups.map { $0 >= 0 })
            }
            try moments.reduce(with: reducer)
            selected = HighlyVariableGenes.seurat(moments, top: top, alwaysKeep: options.alwaysKeep)
        }
        return Normalization(isCounts: detector.isCounts, normalizer: normalizer,
                             genes: GeneSubset(columns: selected, inputColumns: source.geneCount))
    }
}
