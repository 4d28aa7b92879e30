import AnnData
import Core
import Foundation
import KnowledgeGraph
import Logging
import Model

/// Everything a run derives from its screen before training: what every rank holds alike (labels, split,
/// preprocessing, graph, node features, the control cells' statistics) and what only the owner of a
/// perturbation holds (its cells in the shard, its effects, prior and validation statistics; docs/distributed.md,
/// "What each rank holds"). In one process every perturbation is owned.
///
/// Perturbation ids are indices into `annotation.labels` (the control label included, at
/// `annotation.controlIndex`); they key the counter RNG, so they do not depend on the number of ranks.
public struct PreparedRun {
    public let dataPath: String
    public let annotation: PerturbationAnnotation
    public let split: PerturbationSplit
    /// The model's genes (the selected measured genes), in file order.
    public let genes: [String]
    public let preprocessing: PreprocessingResult
    public let graph: InducedGraph
    public let context: ModelContext
    /// Per label: node indices of its targets (empty for control).
    public let targetNodes: [[Int]]
    /// Effects (observed delta, DEG labels, precision weights) of the training labels this rank owns, by label id.
    public let effects: [Int: PerturbationEffects]
    /// Graph prior r_p (training labels leave themselves out), G values, of every label this rank owns.
    public let priors: [Int: [Float]]
    /// Statistics of the control cells of all ranks.
    public let controlStatistics: GroupStatistics
    /// Statistics of the validation labels this rank owns.
    public let validationStatistics: [Int: GroupStatistics]
    public let shardPlan: ShardPlan
    /// This rank (its shard is `shard`).
    public let rank: Int
    public let shard: TrainingShard
    /// Hash of the cell labels, the model's genes and the file's shape: a checkpoint must match it.
    public let fingerprint: String

    public var controlGroup: Int32 { Int32(annotation.controlIndex) }

    /// Whether this rank holds label `p`'s cells, effects and prior.
    public func owns(_ p: Int) -> Bool { shardPlan.owner[p] == rank }

    /// Label ids of a split, in label order.
    public func ids(_ split: [String]) -> [Int] {
        let index = Dictionary(uniqueKeysWithValues: annotation.labels.enumerated().map { ($1, $0) })
        return split.compactMap { index[$0] }.sorted()
    }

    public var trainingIDs: [Int] { ids(split.train) }

    /// The training example of label `p` with the mean of its sampled cells.
    public func example(_ p: Int, meanExpression: [Float], cellCount: Int, adaptiveWeights: Bool,
                        effectMinDEGs: Int) -> PerturbationExample {
        let effect = effects[p]!
        return PerturbationExample(
            id: p, targets: targetNodes[p], cellCount: cellCount, meanExpression: meanExpression,
            precisionWeight: adaptiveWeights ? effect.weights : [Float](repeating: 1, count: genes.count),
            responderLabel: effect.isDEG.map { $0 ? 1 : 0 }, observedDelta: effect.observedDelta.map(Float.init),
            prior: priors[p]!, effectLabel: effect.degCount >= effectMinDEGs ? 1 : 0)
    }

    /// Prepares the run from the screen at `dataPath`: every rank opens the file and reads its own row slice.
    /// A column-wise (CSC) matrix is refused: its rows cannot be read without holding all of it on every rank.
    public static func prepare(config: RunConfig, dataPath: String, graphPath: String, comm: some Communicator,
                               logger: Logger) throws -> PreparedRun {
        let file = try openScreen(config: config, dataPath: dataPath, logger: logger)
        guard file.encoding != .csc else {
            let slot = config.data.layer.isEmpty ? "X" : "layers['\(config.data.layer)']"
            throw AdaPertError("\(dataPath): \(file.matrixName) is stored column-wise (csc_matrix), which every rank "
                + "would have to read whole; convert it once to rows, e.g. python -c \"import anndata as ad; "
                + "a = ad.read_h5ad('\(dataPath)'); a.\(slot) = a.\(slot).tocsr(); a.write_h5ad('rows.h5ad')\"")
        }
        return try prepare(config: config, annotation: try annotation(of: file, config: config),
                           symbols: try file.geneSymbols().symbols, cells: file, dataPath: dataPath,
                           graphPath: graphPath, comm: comm, logger: logger)
    }

    /// The screen file with the config's layer.
    public static func openScreen(config: RunConfig, dataPath: String, logger: Logger) throws -> AnnDataFile {
        try AnnDataFile(path: dataPath, layer: config.data.layer.isEmpty ? nil : config.data.layer, logger: logger)
    }

    /// The screen's perturbation labels under the config's key, control label and exclusions.
    public static func annotation(of file: AnnDataFile, config: RunConfig) throws -> PerturbationAnnotation {
        try PerturbationAnnotation.read(
            from: file, key: config.data.perturbationKey.isEmpty ? nil : config.data.perturbationKey,
            control: config.data.control.isEmpty ? nil : config.data.control, excluded: config.data.exclude)
    }

    /// Prepares the run from already-read labels and gene symbols and any `RowReader` of the cells (the file,
    /// or a matrix in memory: thread-ranks of a `LocalCommunicator` share one without touching HDF5).
    public static func prepare<Reader: RowReader>(
        config: RunConfig, annotation: PerturbationAnnotation, symbols: [String], cells: Reader, dataPath: String,
        graphPath: String, comm: some Communicator, logger: Logger
    ) throws -> PreparedRun {
        try annotation.requireCellsPerLabel(fileName: dataPath)
        let split = try PerturbationSplit(labels: annotation.perturbations, config: config.data.split)
        let targetsOfLabel = annotation.labels.enumerated().map { i, label in
            i == annotation.controlIndex ? [] : PerturbationLabels.targets(of: label)
        }
        let allTargets = Set(targetsOfLabel.joined())
        let columnOfSymbol = Dictionary(symbols.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let measuredTargets = allTargets.compactMap { columnOfSymbol[$0] }.sorted()

        // Preprocessing over this rank's contiguous slice, reduced over all ranks.
        let clock = SetupClock(logger: logger, enabled: comm.rank == 0)
        let source = RowRangeSource(reader: cells, rows: RowRangeSource<Reader>.slice(
            rank: comm.rank, size: comm.size, rowCount: cells.rowCount), groups: annotation.cellLabels)
        let options = PreprocessingOptions(hvg: config.data.hvg == 0 ? nil : config.data.hvg, alwaysKeep: measuredTargets,
                                           groupCount: annotation.labels.count)
        let normalization = try clock.phase("library sizes\(config.data.hvg == 0 ? "" : " and highly variable genes") (reads of the rank's rows)") {
            try Preprocessing.normalization(source, options: options, reducer: CommunicatorReducer(comm), file: dataPath)
        }
        let genes = normalization.genes.columns.map { symbols[$0] }
        if comm.rank == 0 { logger.info("preprocessing: \(normalization.isCounts ? "raw counts, normalised to \(Int(normalization.normalizer.targetTotal)) per cell + log1p" : "log1p input"); \(genes.count) of \(symbols.count) genes kept") }

        // Shard: perturbation cells to their owners, control cells where they were read.
        let plan = ShardPlan(cellCounts: annotation.counts.enumerated().map { $0 == annotation.controlIndex ? 0 : $1 },
                             worldSize: comm.size)
        let shard = try clock.phase("shard exchange") {
            try ShardExchange.build(source: source, plan: plan, controlGroup: Int32(annotation.controlIndex),
                                    normalizer: normalization.normalizer, genes: normalization.genes, comm: comm)
        }
        let preprocessing = PreprocessingResult(normalization)

        // Graph, effects.
        let induced = try clock.phase("knowledge graph") {
            let knowledge = try Self.knowledgeGraph(path: graphPath, aliases: config.data.graphAliases,
                                                    universe: Set(genes).union(allTargets), selection: config.data.graphNodes)
            return InducedGraph(knowledge: knowledge, measuredGenes: genes, targets: allTargets.sorted(), selection: config.data.graphNodes)
        }
        if comm.rank == 0 { for warning in induced.coverage.warnings { logger.warning("\(warning)") } }
        let nodeOf = induced.nodeIndex()
        let targetNodes = targetsOfLabel.map { $0.map { nodeOf[$0]! } }
        let idOfLabel = Dictionary(annotation.labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let trainingIDs = split.train.compactMap { idOfLabel[$0] }.sorted()
        let owned = { (p: Int) in plan.owner[p] == comm.rank }

        // Statistics and effects of the perturbations this rank owns, from its shard; every training delta is
        // gathered for the graph prior and the self-knockdown's initial value, then dropped.
        let statistics = ShardStatistics(shard: shard, bounds: normalization.bounds)
        let precision = PrecisionWeights(alpha: config.model.loss.alpha, tMax: config.model.loss.tMax)
        var effects: [Int: PerturbationEffects] = [:]
        var validationStatistics: [Int: GroupStatistics] = [:]
        let (control, trainingDeltas) = try clock.phase("group statistics and effects (owned perturbations)") {
            let control = try statistics.reducedStatistics(of: Int32(annotation.controlIndex), reducer: CommunicatorReducer(comm))
            for p in trainingIDs where owned(p) {
                effects[p] = PerturbationEffects(perturbation: try statistics.statistics(of: Int32(p)), control: control,
                                                 precision: precision)
            }
            for p in split.val.compactMap({ idOfLabel[$0] }) where owned(p) {
                validationStatistics[p] = try statistics.statistics(of: Int32(p))
            }
            return (control, try Self.gatherRows(trainingIDs.map { effects[$0]?.observedDelta }, width: genes.count, comm: comm))
        }

        // Node features: PCA of all ranks' control cells (each rank multiplies the ones it holds), spectral.
        let pca = try clock.phase("PCA (randomised, \(Int(control.count)) control cells)") {
            let gram = try CentredGram(cells: shard.cells, rows: shard.rowsOfGroup[Int32(annotation.controlIndex)] ?? [],
                                       mean: control.mean(), rowCount: control.count,
                                       largestValue: normalization.bounds.log1pValue, reducer: CommunicatorReducer(comm))
            return try PCALoadings(count: control.count, geneCount: genes.count) { x, y, b in
                try gram.product(x, y, columns: b)
            }
        }
        let spectral = clock.phase("spectral embedding (\(induced.graph.nodeCount) nodes)") {
            SpectralEmbedding(graph: induced.graph)
        }
        let features = NodeFeatures(pca: pca, spectral: spectral, measuredNode: Array(0..<genes.count))
        let geneOfSymbol = Dictionary(genes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let selfInit = SelfKnockdown.initialValue(
            measuredTargets: trainingIDs.map { targetsOfLabel[$0].compactMap { geneOfSymbol[$0] } },
            observedDeltas: trainingDeltas)
        let context = ModelContext(graph: induced.graph, nodeFeatures: features.values, featureCount: features.width,
                                   geneNodes: Array(0..<genes.count), controlMean: control.mean().map(Float.init),
                                   selfKnockdownInit: Float(selfInit))
        let prior = GraphPrior(graph: induced.graph, trainingTargets: trainingIDs.map { targetNodes[$0] },
                               trainingDeltas: trainingDeltas)
        let priors = clock.phase("graph priors (\(targetNodes.count - 1) perturbations over \(comm.size) ranks)") {
            Self.priors(prior, targetNodes: targetNodes, trainingIDs: trainingIDs,
                        controlIndex: annotation.controlIndex, owned: owned)
        }
        var hash = StableHash()
        hash.combine(Int64(cells.rowCount))
        hash.combine(Int64(cells.columnCount))
        for gene in genes { hash.combine(gene) }
        for label in annotation.labels { hash.combine(label) }
        annotation.cellLabels.withUnsafeBytes { hash.combine(bytes: $0) }
        return PreparedRun(dataPath: dataPath, annotation: annotation, split: split, genes: genes,
                           preprocessing: preprocessing, graph: induced, context: context, targetNodes: targetNodes,
                           effects: effects, priors: priors, controlStatistics: control,
                           validationStatistics: validationStatistics, shardPlan: plan, rank: comm.rank, shard: shard, fingerprint: hash.hex)
    }

    /// The knowledge graph of `path` (`none`: no edges); pathway files are restricted to `universe` unless
    /// k-hop nodes are asked for.
    static func knowledgeGraph(path: String, aliases: String, universe: Set<String>,
                               selection: GraphNodeSelection) throws -> GeneGraph {
        if path == "none" { return GeneGraph(nodeNames: [], undirectedEdges: []) }
        let restrict: Set<String>? = selection == .induced ? universe : nil
        return try KnowledgeGraphReader.read(path: path, stringAliasesPath: aliases.isEmpty ? nil : aliases, universe: restrict)
    }

    /// r_p of every label this rank owns (the control label has none).
    static func priors(_ prior: GraphPrior, targetNodes: [[Int]], trainingIDs: [Int], controlIndex: Int,
                       owned: (Int) -> Bool) -> [Int: [Float]] {
        let trainingIndex = Dictionary(uniqueKeysWithValues: trainingIDs.enumerated().map { ($1, $0) })
        var priors: [Int: [Float]] = [:]
        for p in targetNodes.indices where p != controlIndex && owned(p) {
            priors[p] = prior.prior(targets: targetNodes[p], leavingOut: trainingIndex[p]).map(Float.init)
        }
        return priors
    }

    /// Every rank's rows in one list, in order: row k is given by exactly one rank (the others pass nil), so
    /// the allreduce-sum copies it bit for bit. Blocks of 64 rows at a time, so that no flat copy of all the
    /// rows (T x G x 8 bytes: 512 MB at genome scale) exists beside them.
    public static func gatherRows<T: ReducibleScalar>(_ rows: [[T]?], width: Int, comm: some Communicator) throws -> [[T]] {
        var gathered: [[T]] = []
        gathered.reserveCapacity(rows.count)
        for start in stride(from: 0, to: rows.count, by: 64) {
            let block = start..<min(rows.count, start + 64)
            var flat = [T](repeating: 0, count: block.count * width)
            for k in block { if let row = rows[k] { flat.replaceSubrange(((k - start) * width)..<((k - start + 1) * width), with: row) } }
            try comm.allreduceSum(&flat)
            gathered += block.map { k in Array(flat[((k - start) * width)..<((k - start + 1) * width)]) }
        }
        return gathered
    }
}

/// Times the phases of `PreparedRun.prepare` and logs one info line per phase (rank 0).
struct SetupClock {
    let logger: Logger
    let enabled: Bool

    func phase<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let started = Date()
        let result = try body()
        if enabled { logger.info("setup: \(name) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s") }
        return result
    }
}

extension AnnDataFile: RowReader {
    public var rowCount: Int { nObs }
    public var columnCount: Int { nVars }
}
