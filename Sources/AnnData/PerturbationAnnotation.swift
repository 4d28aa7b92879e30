import Core

/// Every cell's perturbation in canonical form (see `PerturbationLabels`), read from an obs column.
public struct PerturbationAnnotation: Sendable, Equatable {
    /// The obs column the labels came from.
    public let key: String
    /// Distinct canonical labels of kept cells, sorted, control (`non-targeting`) included.
    public let labels: [String]
    /// Per cell: index into `labels`, or -1 for an excluded cell.
    public let cellLabels: [Int32]
    /// Index of `non-targeting` in `labels`.
    public let controlIndex: Int
    /// The raw input value(s) that were taken as control (e.g. `ctrl`, `non-targeting`).
    public let controlInputs: [String]
    /// Cells per label (parallel to `labels`).
    public let counts: [Int]
    /// Excluded cells per raw label (`<missing>` for missing values).
    public let excludedCounts: [String: Int]

    public var nControlCells: Int { counts[controlIndex] }
    public var nExcludedCells: Int { excludedCounts.values.reduce(0, +) }
    /// Distinct non-control labels.
    public var nPerturbations: Int { labels.count - 1 }
    /// Labels other than control.
    public var perturbations: [String] { labels.enumerated().filter { $0.offset != controlIndex }.map(\.element) }

    /// Reads labels from `file`'s obs.
    /// - Parameters:
    ///   - key: obs column; nil picks the first of `PerturbationLabels.candidateKeys` present.
    ///   - control: the raw value that marks control cells when it is none of the usual spellings.
    ///   - requireControlValue: refuse a `control` that no value of the column mentions (a misspelt label).
    ///     Off for a prediction file, whose control cells carry the canonical label already.
    ///   - excluded: raw or canonical labels whose cells are dropped and counted (case-insensitive).
    public static func read(from file: AnnDataFile, key: String? = nil, control: String? = nil,
                            requireControlValue: Bool = true,
                            excluded: [String] = PerturbationLabels.defaultExcluded) throws -> PerturbationAnnotation {
        let key = try key ?? detectKey(in: file)
        guard file.obs.hasColumn(key) else {
            throw AdaPertError("\(file.path): obs column '\(key)' not found; columns are "
                + "[\(file.obs.columnNames.joined(separator: ", "))]; pass --perturbation-key")
        }
        let raw = try file.obs.textColumn(key)
        return try annotate(raw, key: key, fileName: file.path, control: control,
                            requireControlValue: requireControlValue, excluded: excluded)
    }

    /// The first candidate key present in obs, or an error listing the columns.
    public static func detectKey(in file: AnnDataFile) throws -> String {
        guard let key = PerturbationLabels.candidateKeys.first(where: { file.obs.hasColumn($0) }) else {
            throw AdaPertError("\(file.path): no perturbation column found (looked for "
                + "\(PerturbationLabels.candidateKeys.joined(separator: ", "))); obs columns are "
                + "[\(file.obs.columnNames.joined(separator: ", "))]; pass --perturbation-key")
        }
        return key
    }

    /// Canonicalises per-cell raw labels (nil = missing). Distinct raw values are canonicalised once.
    public static func annotate(_ raw: [String?], key: String, fileName: String, control: String? = nil,
                                requireControlValue: Bool = true,
                                excluded: [String] = PerturbationLabels.defaultExcluded) throws -> PerturbationAnnotation {
        let excludedSet = Set(excluded.map { $0.lowercased() })
        var canonicalOf: [String: String?] = [:]   // raw -> canonical, or nil when excluded
        var controlInputs = Set<String>(), excludedControls = Set<String>()
        let distinct = Set(raw.compactMap { $0 })
        if let control, requireControlValue, !distinct.contains(where: { PerturbationLabels.mentions($0, control) }) {
            let seen = distinct.sorted().prefix(10).joined(separator: ", ") + (distinct.count > 10 ? ", ..." : "")
            throw AdaPertError("\(fileName): the control label '\(control)' (--control, data.control) is no value of obs "
                + "column '\(key)' (values include [\(seen)]); pass one of them, or none to use the usual control names")
        }
        for value in distinct {
            let label = PerturbationLabels.canonical(value, controlLabel: control)
            if excludedSet.contains(value.lowercased()) || excludedSet.contains(label.lowercased()) {
                canonicalOf[value] = .some(nil)
                if label == PerturbationLabels.control { excludedControls.insert(value) }
            } else {
                canonicalOf[value] = label
                if label == PerturbationLabels.control { controlInputs.insert(value) }
            }
        }
        let labels = Set(canonicalOf.values.compactMap { $0 }).sorted()
        guard let controlIndex = labels.firstIndex(of: PerturbationLabels.control) else {
            let seen = labels.prefix(10).joined(separator: ", ") + (labels.count > 10 ? ", ..." : "")
            guard excludedControls.isEmpty else {
                throw AdaPertError("\(fileName): no control cells in obs column '\(key)': the excluded labels (data.exclude, "
                    + "--exclude) remove its controls [\(excludedControls.sorted().joined(separator: ", "))]; keep them")
            }
            throw AdaPertError("\(fileName): no control cells in obs column '\(key)' (labels include [\(seen)]); "
                + "pass --control with the label that marks control cells")
        }
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, Int32($0)) })
        var cellLabels = [Int32](repeating: -1, count: raw.count)
        var counts = [Int](repeating: 0, count: labels.count)
        var excludedCounts: [String: Int] = [:]
        for (cell, value) in raw.enumerated() {
            guard let value else { excludedCounts["<missing>", default: 0] += 1; continue }
            guard let label = canonicalOf[value]!, let i = index[label] else { excludedCounts[value, default: 0] += 1; continue }
            cellLabels[cell] = i
            counts[Int(i)] += 1
        }
        return PerturbationAnnotation(key: key, labels: labels, cellLabels: cellLabels, controlIndex: controlIndex,
                                      controlInputs: controlInputs.sorted(), counts: counts, excludedCounts: excludedCounts)
    }

    /// A perturbation screen has many cells per label; about one per cell means the label column is a cell id
    /// or barcode, and every per-label step (statistics, priors, validation) would then scale with cells².
    /// `inspect` and `train` refuse it alike.
    public func requireCellsPerLabel(fileName: String) throws {
        let labelled = counts.reduce(0, +)
        guard nPerturbations > 1_000, labelled < 2 * labels.count else { return }
        throw AdaPertError("\(fileName): obs['\(key)'] has \(labels.count) labels for \(labelled) cells, under 2 cells a "
            + "label, so it is not a perturbation column; pass the column naming each cell's perturbation "
            + "(data.perturbation_key, --perturbation-key)")
    }
}
