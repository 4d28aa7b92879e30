import AnnData

/// Everything a perturbation's evaluation needs besides its own cells: both sides' control cells (ranked once
/// per gene) and every perturbation's pseudobulk mean (for the deltas and PDS). Built once; then
/// `evaluate(_:real:pred:)` scores any perturbation independently, so the perturbations can be split across
/// threads or MPI ranks (each rank needs only the P x G means, gathered first, and its own cells) and the rows
/// gathered afterwards.
public struct EvaluationContext: Sendable {
    public let genes: [String]
    /// Non-control perturbation labels; index = perturbation id in this context.
    public let labels: [String]
    let realControl: ControlReference
    let predControl: ControlReference
    /// P x G Float32 deltas: Float(mean_p) - Float(mean_ctrl) of the same side (cell-eval's pseudobulk).
    let realDeltas: [Float]
    let predDeltas: [Float]
    /// P x G: predicted mean minus the *real* control mean (GEARS's pearson_delta).
    let predDeltasGears: [Float]
    /// Genes cell-eval leaves out of PDS for p: those named exactly as p's label.
    let pdsExcluded: [[Int]]
    /// Measured genes among p's targets (label split on "+"), for overlap_at_N_excl_target.
    let targetGenes: [[Int]]

    /// `realMeans`/`predMeans`: P x G row-major per-gene log1p means of each perturbation's cells
    /// (`CellMatrix.columnMeans()`), aligned with `labels`.
    public init(genes: [String], labels: [String], realControl: CellMatrix, predControl: CellMatrix,
                realMeans: [Double], predMeans: [Double]) {
        let g = genes.count
        precondition(realMeans.count == labels.count * g && predMeans.count == labels.count * g,
                     "means must be P x G")
        self.genes = genes
        self.labels = labels
        self.realControl = ControlReference(control: realControl)
        self.predControl = ControlReference(control: predControl)
        let realCtrl = self.realControl.means.map { Float($0) }
        let predCtrl = self.predControl.means.map { Float($0) }
        realDeltas = realMeans.indices.map { Float(realMeans[$0]) - realCtrl[$0 % g] }
        predDeltas = predMeans.indices.map { Float(predMeans[$0]) - predCtrl[$0 % g] }
        predDeltasGears = predMeans.indices.map { Float(predMeans[$0]) - realCtrl[$0 % g] }
        let index = Dictionary(genes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        pdsExcluded = labels.map { label in genes.indices.filter { genes[$0] == label } }
        targetGenes = labels.map { PerturbationLabels.targets(of: $0).compactMap { index[$0] } }
    }

    /// All metrics of perturbation `p` from its real and predicted cells (log1p, G columns).
    public func evaluate(_ p: Int, real: CellMatrix, pred: CellMatrix) -> PerturbationResult {
        let realDE = DETable(group: real, control: realControl)
        let predDE = DETable(group: pred, control: predControl)
        return score(p, realDE: realDE, predDE: predDE)
    }

    func score(_ p: Int, realDE: DETable, predDE: DETable) -> PerturbationResult {
        let g = genes.count
        let rows = (p * g)..<((p + 1) * g)
        let r = realDE.rankedSignificant, q = predDE.rankedSignificant
        let targets = Set(targetGenes[p])
        let value: (MetricName) -> Double? = { metric in
            switch metric {
            case .overlapAtN: return DEMetrics.overlap(real: r, pred: q, k: nil)
            case .overlapAt50: return DEMetrics.overlap(real: r, pred: q, k: 50)
            case .overlapAt100: return DEMetrics.overlap(real: r, pred: q, k: 100)
            case .precisionAtN: return DEMetrics.precision(real: r, pred: q, k: nil)
            case .directionMatch: return DEMetrics.directionMatch(real: realDE, pred: predDE)
            case .spearmanLFC: return DEMetrics.spearmanLFC(real: realDE, pred: predDE)
            case .sigGenesRecall: return DEMetrics.recall(real: realDE, pred: predDE)
            case .nsigCountsReal: return Double(r.count)
            case .nsigCountsPred: return Double(q.count)
            case .pearsonDelta: return DeltaMetrics.pearson(predDeltas[rows], realDeltas[rows])
            case .mseDelta: return DeltaMetrics.meanSquaredError(predDeltas[rows], realDeltas[rows])
            case .maeDelta: return DeltaMetrics.meanAbsoluteError(predDeltas[rows], realDeltas[rows])
            case .discriminationL1:
                return DiscriminationScore.score(perturbation: p, predDelta: predDeltas[rows],
                                                 realDeltas: realDeltas, genes: g, excluded: pdsExcluded[p])
            case .pearsonDeltaGears: return DeltaMetrics.pearson(predDeltasGears[rows], realDeltas[rows])
            case .mseTop20DE:
                return DeltaMetrics.meanSquaredError(predDeltas[rows], realDeltas[rows],
                                                     genes: DeltaMetrics.topDEGs(realDE))
            case .overlapAtNExclTarget:
                return DEMetrics.overlap(real: r.filter { !targets.contains($0) },
                                         pred: q.filter { !targets.contains($0) }, k: nil)
            }
        }
        return PerturbationResult(label: labels[p], values: MetricName.allCases.map(value))
    }
}
