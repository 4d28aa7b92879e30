/// The per-perturbation metrics `evaluate` reports, in results.csv column order: first those cell-eval 0.8.2
/// computes (same names, same definitions), then the project's own extras, named so.
public enum MetricName: String, CaseIterable, Sendable {
    case overlapAtN = "overlap_at_N"
    case overlapAt50 = "overlap_at_50"
    case overlapAt100 = "overlap_at_100"
    case precisionAtN = "precision_at_N"
    case directionMatch = "de_direction_match"
    case spearmanLFC = "de_spearman_lfc_sig"
    case sigGenesRecall = "de_sig_genes_recall"
    case nsigCountsReal = "de_nsig_counts_real"
    case nsigCountsPred = "de_nsig_counts_pred"
    case pearsonDelta = "pearson_delta"
    case mseDelta = "mse_delta"
    case maeDelta = "mae_delta"
    case discriminationL1 = "discrimination_score_l1"
    // Project extras (not in cell-eval).
    case pearsonDeltaGears = "pearson_delta_gears"
    case mseTop20DE = "mse_top20_de"
    case overlapAtNExclTarget = "overlap_at_N_excl_target"

    /// Metrics a data ceiling maps to full depth by Spearman-Brown (cell-eval 0.8.2 `SB_METRICS`, restricted to
    /// the ones reported here); every other metric has no ceiling (NaN).
    public var hasCeiling: Bool {
        switch self {
        case .pearsonDelta, .discriminationL1, .overlapAtN, .overlapAt50, .overlapAt100, .precisionAtN,
             .spearmanLFC, .directionMatch, .sigGenesRecall:
            return true
        default:
            return false
        }
    }
}

/// One row of results.csv: a perturbation's metric values (nil = null, as cell-eval leaves it for a
/// perturbation without real DEGs) and its stratum.
public struct PerturbationResult: Sendable, Equatable {
    /// Perturbations with at least this many real DEGs form the "strong" stratum.
    public static let strongThreshold = 20

    public let label: String
    /// Aligned with `MetricName.allCases`.
    public let values: [Double?]

    public init(label: String, values: [Double?]) {
        precondition(values.count == MetricName.allCases.count, "one value per metric")
        self.label = label
        self.values = values
    }

    public subscript(_ metric: MetricName) -> Double? {
        values[MetricName.allCases.firstIndex(of: metric)!]
    }

    public var isStrong: Bool { (self[.nsigCountsReal] ?? 0) >= Double(Self.strongThreshold) }
}
