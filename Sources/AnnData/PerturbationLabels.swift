/// The project's one naming of perturbations (docs/cli.md): target gene symbols joined by `+` in sorted order
/// (`STAT1`, `CBL+CNN1`), and `non-targeting` for control cells, whatever the input used.
public enum PerturbationLabels {
    /// The canonical control label (cell-eval's).
    public static let control = "non-targeting"

    /// Input spellings of control cells, compared case-insensitively; GEARS's `ctrl` parts of `A+ctrl` are dropped.
    public static let controlAliases: Set<String> = [
        "ctrl", "control", "non-targeting", "nontargeting", "non_targeting", "non targeting", "nt", "safe-targeting",
        "safe_targeting",
    ]

    /// Labels excluded from training and evaluation by default (ambiguous guide calls).
    public static let defaultExcluded = ["unassigned", "multiple", "multiplet"]

    /// obs columns searched for labels, in order of preference.
    public static let candidateKeys = ["target_gene", "perturbation", "gene", "guide_target", "condition"]

    /// The canonical form of `raw`: parts split on `+`, trimmed, control parts (and parts equal to
    /// `controlLabel`) dropped, the rest de-duplicated and sorted; no part left means control.
    /// `"STAT1+ctrl"` and `"ctrl+STAT1"` give `STAT1`; `"B+A"` gives `A+B`; `"NT"` gives `non-targeting`.
    public static func canonical(_ raw: String, controlLabel: String? = nil) -> String {
        let trimmed = raw.trimmingWhitespace()
        if let controlLabel, trimmed == controlLabel.trimmingWhitespace() { return control }
        let parts = trimmed.split(separator: "+").map { String($0).trimmingWhitespace() }.filter { part in
            !part.isEmpty && !isControlPart(part) && part != controlLabel
        }
        guard !parts.isEmpty else { return control }
        return Set(parts).sorted().joined(separator: "+")
    }

    /// Whether `controlLabel` is `raw` or one of its `+` parts (whitespace trimmed), as `canonical` reads it.
    static func mentions(_ raw: String, _ controlLabel: String) -> Bool {
        let label = controlLabel.trimmingWhitespace()
        return raw.trimmingWhitespace() == label
            || raw.split(separator: "+").contains { String($0).trimmingWhitespace() == controlLabel }
    }

    /// The target genes of a canonical label (none for control).
    public static func targets(of canonicalLabel: String) -> [String] {
        canonicalLabel == control ? [] : canonicalLabel.split(separator: "+").map(String.init)
    }

    static func isControlPart(_ part: String) -> Bool {
        controlAliases.contains(part.lowercased())
    }
}

extension String {
    public func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
