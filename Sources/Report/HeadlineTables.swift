import CellEval
import Foundation

/// The report's tables: every method and the data ceiling on the headline metrics, overall and per stratum.
public enum HeadlineTables {
    struct Column {
        let metric: String, title: String, meaning: String
    }

    static let columns = [
        Column(metric: "pearson_delta", title: "Pearson Δ",
               meaning: "Pearson r between predicted and real mean change over all genes (GEARS); a mean-collapsed model already scores high"),
        Column(metric: "discrimination_score_l1", title: "PDS",
               meaning: "Can the prediction tell this perturbation apart from the others? 1 = its own real response is the closest, 0.5 = random"),
        Column(metric: "overlap_at_50", title: "DES@50", meaning: "share of the top 50 real DEGs (by |log2FC|) among the top 50 predicted DEGs"),
        Column(metric: "overlap_at_100", title: "DES@100", meaning: "the same for the top 100"),
        Column(metric: "overlap_at_N", title: "DES@N", meaning: "the same with N = the number of real DEGs of the perturbation (cell-eval's DES)"),
        Column(metric: "overlap_at_N_excl_target", title: "DES@N excl. target",
               meaning: "DES@N with the perturbed gene itself removed: knockdown of the target is easy and is not response prediction"),
        Column(metric: "de_spearman_lfc_sig", title: "Spearman LFC",
               meaning: "rank correlation of predicted and real log2 fold changes over the real DEGs"),
        Column(metric: "de_direction_match", title: "Direction", meaning: "share of real DEGs predicted to move in the right direction"),
    ]

    static let displayNames = ["adapert": "AdaPert", "control": "control (Δ = 0)", "train-mean": "train-mean",
                               "linear": "linear (Ahlmann-Eltze)", "graph-knn": "graph-knn (graph prior)",
                               "ceiling": "data ceiling"]

    /// Methods x metrics, best non-ceiling value per column in bold, DEG counts as predicted / real.
    static func overall(_ content: ReportContent) -> String {
        let methods = content.methods
        var html = "<table class=\"metrics\"><thead><tr><th>method</th>"
        for column in columns { html += "<th title=\"\(SubgraphFormat.xml(column.meaning))\">\(column.title)</th>" }
        html += "<th title=\"mean number of DEGs called per perturbation (FDR &lt; 0.05) in the prediction and in the real cells\">DEGs predicted / real</th></tr></thead><tbody>"
        let best = Dictionary(uniqueKeysWithValues: columns.map { column in
            (column.metric, methods.compactMap { $0.means[column.metric] }.max())
        })
        let realDEGs = methods[0].means["de_nsig_counts_real"]
        let closest = methods.compactMap { m in m.means["de_nsig_counts_pred"].map { abs($0 - (realDEGs ?? 0)) } }.min()
        for method in methods {
            html += "<tr class=\"\(method.name)\"><td>\(swatch(method.name))\(displayNames[method.name] ?? method.name)</td>"
            for column in columns {
                let value = method.means[column.metric]
                html += value == nil ? definedOnly(method, column.metric) : cell(value, bold: value == best[column.metric] ?? nil)
            }
            let predicted = method.means["de_nsig_counts_pred"]
            let isClosest = predicted.map { abs($0 - (realDEGs ?? 0)) } == closest
            html += "<td class=\"num\">" + (isClosest ? "<b>" : "") + count(predicted) + (isClosest ? "</b>" : "")
                + " / " + count(realDEGs) + "</td></tr>"
        }
        html += "<tr class=\"ceiling\"><td>\(swatch("ceiling"))data ceiling</td>"
        for column in columns { html += cell(content.ceiling.ceiling[column.metric], bold: false) }
        html += "<td class=\"num\">–</td></tr></tbody></table>"
        return html
    }

    /// The same table as Markdown, for the terminal and for READMEs: "–" where cell-eval's mean is
    /// undefined (the mean over the perturbations where the metric is defined follows in brackets).
    public static func markdown(_ content: ReportContent) -> String {
        func number(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "–" }
        var lines = ["| method | " + columns.map(\.title).joined(separator: " | ") + " | DEGs predicted / real |",
                     "|---|" + String(repeating: "---|", count: columns.count + 1)]
        let realDEGs = content.methods[0].means["de_nsig_counts_real"]
        for method in content.methods {
            let values = columns.map { column -> String in
                if let v = method.means[column.metric] { return number(v) }
                let defined = method.rows.compactMap { $0.values[column.metric] }
                return defined.isEmpty ? "–" : "– (\(number(defined.reduce(0, +) / Double(defined.count))))"
            }
            lines.append("| \(displayNames[method.name] ?? method.name) | " + values.joined(separator: " | ")
                         + " | \(count(method.means["de_nsig_counts_pred"])) / \(count(realDEGs)) |")
        }
        lines.append("| data ceiling | " + columns.map { number(content.ceiling.ceiling[$0.metric]) }.joined(separator: " | ") + " | – |")
        return lines.joined(separator: "\n")
    }

    static let strataMetrics = ["overlap_at_N", "overlap_at_N_excl_target", "discrimination_score_l1", "pearson_delta"]

    /// Per stratum (strong: >= 20 real DEGs; weak: the rest): DES@N, DES@N excl. target, PDS, Pearson Δ and
    /// DEG counts. The ceiling per stratum is Spearman-Brown of the half-depth means over the stratum's
    /// perturbations (strata by full-depth real DEGs).
    static func strata(_ content: ReportContent) -> String {
        let adapert = content.method("adapert")
        let strong = Set(adapert.rows.filter(\.isStrong).map(\.label)), weak = Set(adapert.rows.filter { !$0.isStrong }.map(\.label))
        var html = "<table class=\"metrics\"><thead><tr><th rowspan=\"2\">method</th>"
        for (name, labels) in [("strong", strong), ("weak", weak)] {
            html += "<th colspan=\"\(strataMetrics.count + 1)\" class=\"group\">\(name) (n = \(labels.count))</th>"
        }
        html += "</tr><tr>"
        for _ in 0..<2 {
            for metric in strataMetrics { html += "<th>\(columns.first { $0.metric == metric }!.title)</th>" }
            html += "<th>DEGs pred / real</th>"
        }
        html += "</tr></thead><tbody>"
        for method in content.methods {
            html += "<tr class=\"\(method.name)\"><td>\(swatch(method.name))\(displayNames[method.name] ?? method.name)</td>"
            for labels in [strong, weak] {
                for metric in strataMetrics { html += cell(method.mean(metric, over: labels), bold: false) }
                html += "<td class=\"num\">\(count(method.mean("de_nsig_counts_pred", over: labels))) / \(count(method.mean("de_nsig_counts_real", over: labels)))</td>"
            }
            html += "</tr>"
        }
        html += "<tr class=\"ceiling\"><td>\(swatch("ceiling"))data ceiling*</td>"
        for labels in [strong, weak] {
            for metric in strataMetrics {
                let hasCeiling = MetricName(rawValue: metric)?.hasCeiling ?? false
                let r = hasCeiling ? content.ceiling.mean(metric, over: labels) : nil
                html += cell(r.flatMap { $0 > 0 ? Ceiling.spearmanBrown($0) : nil }, bold: false)
            }
            html += "<td class=\"num\">–</td>"
        }
        return html + "</tr></tbody></table>"
    }

    /// A metric whose cell-eval mean is NaN (some perturbation undefined, e.g. fewer than two real DEGs for
    /// Spearman): "–", with the mean over the perturbations where it is defined in small print.
    static func definedOnly(_ method: MethodResults, _ metric: String) -> String {
        let values = method.rows.compactMap { $0.values[metric] }
        guard !values.isEmpty else { return cell(nil, bold: false) }
        let mean = values.reduce(0, +) / Double(values.count)
        return "<td class=\"num na\" title=\"cell-eval's mean is NaN because the metric is undefined for \(method.rows.count - values.count) perturbation(s); the small number is the mean over the \(values.count) where it is defined\">– <small>(\(String(format: "%.3f", mean)), n=\(values.count))</small></td>"
    }

    static func swatch(_ method: String) -> String {
        "<span class=\"swatch\" style=\"background:\(ReportCharts.colours[method] ?? "#333")\"></span>"
    }

    static func cell(_ value: Double?, bold: Bool) -> String {
        guard let value else { return "<td class=\"num na\" title=\"undefined (e.g. no real DEGs, or no ceiling for this metric)\">–</td>" }
        let text = String(format: "%.3f", value)
        return "<td class=\"num\">" + (bold ? "<b>\(text)</b>" : text) + "</td>"
    }

    static func count(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "–" }
}
