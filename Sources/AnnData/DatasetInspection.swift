import Core
import Foundation

/// What `adapert inspect` reports about an .h5ad file after reading and validating all of it.
/// JSON field names are the docs/cli.md contract; `inspect --graph` adds a `graph` object beside them
/// (`InspectionReport` in the CLI).
public struct DatasetInspection: Encodable, Sendable {
    public var path: String
    public var nCells: Int
    public var nGenes: Int
    /// `X` or `layers/NAME`.
    public var matrix: String
    public var xEncoding: String
    public var nStoredValues: Int
    public var nNonzero: Int
    /// Float64 sum of every value of the matrix.
    public var sum: Double
    public var maxValue: Float
    /// Every value is a finite non-negative integer (raw counts).
    public var isCounts: Bool
    /// var column the gene symbols come from (nil: the var index).
    public var geneSymbolColumn: String?
    public var perturbationKey: String
    public var controlLabel: String
    /// Raw values of the key column that were read as control.
    public var controlInputs: [String]
    public var nControlCells: Int
    public var nPerturbations: Int
    public var nDoublePerturbations: Int
    public var nExcludedCells: Int
    /// Excluded cells per raw label.
    public var excluded: [String: Int]
    /// Canonical label -> cells (control excluded).
    public var perturbations: [String: Int]

    enum CodingKeys: String, CodingKey {
        case path, matrix, sum, excluded, perturbations
        case nCells = "n_cells", nGenes = "n_genes", xEncoding = "x_encoding", nStoredValues = "n_stored_values"
        case nNonzero = "n_nonzero", maxValue = "max_value", isCounts = "is_counts"
        case geneSymbolColumn = "gene_symbol_column", perturbationKey = "perturbation_key"
        case controlLabel = "control_label", controlInputs = "control_inputs", nControlCells = "n_control_cells"
        case nPerturbations = "n_perturbations", nDoublePerturbations = "n_double_perturbations"
        case nExcludedCells = "n_excluded_cells"
    }

    /// Reads and validates `file` whole, then annotates its perturbations.
    public static func inspect(_ file: AnnDataFile, perturbationKey: String? = nil, control: String? = nil,
                               excluded: [String] = PerturbationLabels.defaultExcluded) throws -> DatasetInspection {
        // Names and labels first: they are cheap, and a var that does not match X's declared width must be
        // refused before X is read row by row at that width.
        let symbols = try file.geneSymbols()
        let annotation = try PerturbationAnnotation.read(from: file, key: perturbationKey, control: control, excluded: excluded)
        try annotation.requireCellsPerLabel(fileName: file.path)
        let summary = try file.validate()
        let isCounts = try ExpressionValues.areCounts(
            stored: summary.storedCount, nonFinite: summary.nonFiniteCount, negative: summary.negativeCount,
            nonInteger: summary.nonIntegerCount, largest: summary.maxValue, file: file.path, matrix: file.matrixName)
        var perturbations: [String: Int] = [:]
        for (i, label) in annotation.labels.enumerated() where i != annotation.controlIndex {
            perturbations[label] = annotation.counts[i]
        }
        return DatasetInspection(
            path: file.path, nCells: file.nObs, nGenes: file.nVars, matrix: file.matrixName,
            xEncoding: file.encoding.rawValue, nStoredValues: file.storedValueCount, nNonzero: summary.nonZeroCount,
            sum: summary.total, maxValue: summary.maxValue, isCounts: isCounts, geneSymbolColumn: symbols.column,
            perturbationKey: annotation.key, controlLabel: PerturbationLabels.control,
            controlInputs: annotation.controlInputs, nControlCells: annotation.nControlCells,
            nPerturbations: annotation.nPerturbations,
            nDoublePerturbations: annotation.perturbations.filter { $0.contains("+") }.count,
            nExcludedCells: annotation.nExcludedCells, excluded: annotation.excludedCounts, perturbations: perturbations)
    }

    /// What train would refuse about the labels: a split needs 3 distinct target genes (train, val, test).
    var splitWarning: String {
        let targets = Set(perturbations.keys.flatMap { PerturbationLabels.targets(of: $0) }).count
        guard targets < 3 else { return "" }
        return "\n  warning: \(targets) distinct target gene(s); train needs at least 3 (train, validation and test "
            + "targets), so this file can be evaluated but not trained on"
    }

    /// A short readable summary.
    public func text() -> String {
        let top = perturbations.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        let shown = top.prefix(8).map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        let excludedText = excluded.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return """
            \(path): valid
              \(nCells) cells x \(nGenes) genes; \(matrix) is \(xEncoding), \(nNonzero) non-zero values \
            (\(String(format: "%.1f", 100 * Double(nNonzero) / Double(max(1, nCells * nGenes))))%), max \(maxValue), \
            \(isCounts ? "raw counts" : "log1p expression (non-integer values below \(Int(ExpressionValues.log1pCeiling)))")
              genes named by \(geneSymbolColumn.map { "var column '\($0)'" } ?? "the var index")
              perturbations from obs '\(perturbationKey)': \(nPerturbations) (\(nDoublePerturbations) double), \
            \(nControlCells) control cells (\(controlInputs.joined(separator: ", ")) -> \(controlLabel))
              excluded cells: \(nExcludedCells)\(excludedText.isEmpty ? "" : " (\(excludedText))")
              largest: \(shown)\(top.count > 8 ? ", ..." : "")\(splitWarning)
            """
    }
}
