import CellEval
import Foundation
import Inference

/// The report as one self-contained HTML page: inline CSS and SVG, no scripts, no external references.
public enum HTMLReport {
    public static func render(_ c: ReportContent, generated: Date = Date()) -> String {
        let sections = [
            glance(c),
            section("a", "Headline metrics on the test split",
                    "Means over the \(c.manifest.labels.count) test perturbations, whose targets were never perturbed in training. Higher is better in every column; bold = best model. The DEG column should match the real count: calling many more DEGs than the data has is the signature of mean collapse. Hover a column title for its definition.",
                    HeadlineTables.overall(c) + "<p class=\"note\">– = undefined. Where cell-eval's mean is undefined because some perturbations have too few real DEGs, the small number is the mean over those where it is defined. Ceiling: only for the metrics cell-eval gives one.</p>" + definitions() + "<h3>Strong and weak perturbations</h3><p class=\"lead\">Strong: at least \(PerturbationResult.strongThreshold) real DEGs. Many perturbations change little beyond their own target; a model can look good on them by predicting almost nothing, so the strong stratum is where response prediction shows.</p>" + HeadlineTables.strata(c) + "<p class=\"note\">* Ceiling per stratum: Spearman-Brown 2r/(1+r) of the half-depth means over the stratum's perturbations (a project extra; cell-eval reports the ceiling over all perturbations only).</p>"),
            section("b", "Mean collapse: DEGs called vs DEGs in the data",
                    "One dot per test perturbation and method. On the dashed line the model calls as many DEGs as the real cells have. A mean-collapsed model (train-mean predicts the same average change for every perturbation) calls a similar, large number of DEGs everywhere: a flat band high above the line. Axes are logarithmic (0 included).",
                    ReportCharts.degCounts([c.method("train-mean"), c.method("adapert")])),
            section("c", "DES per test perturbation",
                    "DES@N per perturbation, strongest first (most real DEGs at the top). A perturbation without real DEGs has no DES.",
                    ReportCharts.desBars([c.method("adapert"), c.method("graph-knn"), c.method("train-mean")], order: c.labelsByStrength,
                                         realDEGs: Dictionary(uniqueKeysWithValues: c.method("adapert").rows.compactMap { row in row.values["de_nsig_counts_real"].map { (row.label, $0) } }))),
            section("d", "Training", "Left: the training loss of every step. Right: the validation score used to pick the checkpoint (mean DES@N on the validation perturbations minus 0.05 × the mean |log2((predicted DEGs + 1)/(real DEGs + 1))|). The report uses the parameters of the best step.",
                    c.metrics.isEmpty ? "<p class=\"note\">metrics.csv is missing or empty.</p>" : ReportCharts.trainingCurves(c.metrics, bestStep: c.bestStep)),
            section("e", "Predicted vs real change, gene by gene",
                    "AdaPert's predicted mean change (log1p expression minus control) against the real one, for the strongest, a middle and the weakest test perturbation. Each dot is a gene. AdaPert predicts an exact 0 for genes it considers unaffected (grey rings on the horizontal axis): those genes cannot become false DEGs. The perturbed gene is labelled.",
                    "<div class=\"row\">" + c.panels.map {
                        ReportCharts.deltaScatter(label: $0.label, genes: c.genes, real: $0.real, predicted: $0.predicted, targets: $0.targets)
                    }.joined() + "</div>"),
            section("f", "The learned subgraph", subgraphLead(c), c.subgraph.map { SubgraphDrawing.svg($0, predictedDelta: c.subgraphDelta) } ?? "<p class=\"note\">No test perturbation has a target in the graph.</p>"),
            section("g", "How to reproduce every number", "Every number above comes from the files these commands write (report runs the same code in one process and writes the same files).", reproduce(c)),
        ]
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>AdaPert report: \(esc(URL(fileURLWithPath: c.runPath).lastPathComponent))</title>
            <style>\(css)</style></head><body><main>
            <h1>AdaPert report <span class="sub">\(esc(c.runPath))</span></h1>
            <p class="meta">Generated \(esc(ISO8601DateFormatter().string(from: generated))) · checkpoint \(esc(c.manifest.checkpoint)) (best step \(c.bestStep)) · evaluator cell-eval \(esc(c.method("adapert").evaluatorVersion))</p>
            \(sections.joined(separator: "\n"))
            </main></body></html>

            """
    }

    /// The three sentences a reader needs first.
    static func glance(_ c: ReportContent) -> String {
        let a = c.method("adapert"), baselines = c.methods.filter { $0.name != "adapert" && $0.name != "control" }
        let des = "overlap_at_N"
        let bestBaseline = baselines.max { ($0.means[des] ?? -1) < ($1.means[des] ?? -1) }!
        let strong = a.rows.filter(\.isStrong).count
        func f(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "–" }
        func n(_ v: Double?) -> String { v.map { String(format: "%.0f", $0) } ?? "–" }
        var items = [
            "<li><b>Test split:</b> \(c.manifest.labels.count) perturbations whose targets were never perturbed in training (\(strong) strong, \(c.manifest.labels.count - strong) weak).</li>",
            "<li><b>Top DEGs recovered (DES@N):</b> AdaPert \(f(a.means[des])), best baseline \(HeadlineTables.displayNames[bestBaseline.name]!) \(f(bestBaseline.means[des])), data ceiling \(f(c.ceiling.ceiling[des])).</li>",
            "<li><b>DEGs called per perturbation:</b> AdaPert \(n(a.means["de_nsig_counts_pred"])), real data \(n(a.means["de_nsig_counts_real"])), train-mean \(n(c.method("train-mean").means["de_nsig_counts_pred"])) (mean collapse calls many false DEGs).</li>",
            "<li><b>Telling perturbations apart (PDS, 0.5 = random, 1 = perfect):</b> AdaPert \(f(a.means["discrimination_score_l1"])), best baseline \(f(baselines.compactMap { $0.means["discrimination_score_l1"] }.max())), ceiling \(f(c.ceiling.ceiling["discrimination_score_l1"])).</li>",
        ]
        if !c.manifest.isolated.isEmpty {
            items.append("<li class=\"warn\"><b>Isolated targets:</b> \(esc(c.manifest.isolated.joined(separator: ", "))) \(c.manifest.isolated.count == 1 ? "is" : "are") not in the graph and not measured, so nothing links \(c.manifest.isolated.count == 1 ? "it" : "them") to the training data; every method (AdaPert included) predicts the train-mean change there (predict --allow-isolated).</li>")
        }
        return "<section class=\"glance\"><h2>At a glance</h2><ul>" + items.joined() + "</ul></section>"
    }

    static func subgraphLead(_ c: ReportContent) -> String {
        guard let s = c.subgraph else { return "" }
        return "For \(esc(s.label)), the strongest test perturbation, AdaPert opens a gate on each directed edge of the knowledge graph (0 = closed, 1 = fully open). Shown: the \(s.edges.count) most open edges at the target and its direct neighbours; node colour is the predicted change of that gene. Export them all with <code>adapert subgraph --run \(esc(c.runPath)) --perturbation \(esc(s.label)) --format graphml</code>."
    }

    static func definitions() -> String {
        "<details><summary>What the columns mean</summary><dl>" + HeadlineTables.columns.map {
            "<dt>\($0.title) <code>\($0.metric)</code></dt><dd>\(esc($0.meaning))</dd>"
        }.joined() + "<dt>DEGs predicted / real <code>de_nsig_counts_pred</code> / <code>de_nsig_counts_real</code></dt><dd>DEGs called per perturbation vs control: Mann-Whitney U, Benjamini-Hochberg FDR &lt; 0.05, as cell-eval 0.8.2 with pdex 0.3.0</dd><dt>data ceiling</dt><dd>the real cells split into two halves, one half scored against the other, Spearman-Brown corrected to full depth: what a perfect model could reach given the noise in this screen</dd></dl></details>"
    }

    static func reproduce(_ c: ReportContent) -> String {
        let run = c.runPath, eval = c.evaluation.directory
        let allow = c.manifest.isolated.isEmpty ? "" : " --allow-isolated"
        var commands = ["# training, with the resolved configuration shown below",
                        "adapert train --config \(run)/config.yaml --output \(run)-rerun",
                        "# test-split predictions, then their evaluation",
                        "adapert predict --run \(run) --split test\(allow) --output \(eval)/adapert.h5ad --write-real \(eval)/real.h5ad"]
        commands += BaselineKind.reported.map { "adapert baseline \($0.rawValue) --run \(run) --split test\(allow) --output \(eval)/\($0.rawValue).h5ad" }
        commands.append("adapert evaluate --pred \(eval)/adapert.h5ad --real \(eval)/real.h5ad --ceiling --outdir \(eval)/adapert")
        commands += BaselineKind.reported.map { "adapert evaluate --pred \(eval)/\($0.rawValue).h5ad --real \(eval)/real.h5ad --outdir \(eval)/\($0.rawValue)" }
        commands.append("# the learned subgraph and this page")
        if let s = c.subgraph { commands.append("adapert subgraph --run \(run) --perturbation \(s.label) --min-gate 0 --format tsv") }
        commands.append("adapert report \(run)")
        return "<pre class=\"cmd\">" + esc(commands.joined(separator: "\n")) + "</pre>"
            + "<p class=\"lead\">The data ceiling is the one <code>evaluate --ceiling</code> writes (<code>eval/adapert/agg_ceiling_results.csv</code>); <code>eval/ceiling/</code> holds it in the same layout as the methods (results.csv: the half-depth scores). Evaluator: cell-eval \(esc(c.method("adapert").evaluatorVersion)), DE as pdex 0.3.0 (Mann-Whitney U, BH FDR &lt; 0.05). Predicted cells: a control cell drawn with replacement plus the predicted change, floored at 0 (seed \(PredictionFiles.seed)). Responder threshold chosen on validation: \(String(format: "%.3g", c.responderThreshold)).</p>"
            + "<details><summary>Run configuration (the resolved config.yaml)</summary><pre class=\"cfg\">\(esc(c.configYAML))</pre></details>"
    }

    static func section(_ letter: String, _ title: String, _ lead: String, _ body: String) -> String {
        "<section id=\"\(letter)\"><h2>\(esc(title))</h2><p class=\"lead\">\(lead)</p>\(body)</section>"
    }

    static func esc(_ text: String) -> String { SubgraphFormat.xml(text) }

    static let css = """
        body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;background:#fff;margin:0}
        main{max-width:1150px;margin:0 auto;padding:18px 28px 60px}
        h1{font-size:24px;margin:8px 0 2px}h1 .sub{font-size:14px;color:#777;font-weight:normal}
        h2{font-size:19px;margin:34px 0 6px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:22px 0 6px}
        .meta{color:#777;font-size:12px;margin:0 0 10px}.lead{max-width:900px;line-height:1.45;font-size:14px;color:#333}
        .note{font-size:12px;color:#666}.glance{background:#f6f8fa;border:1px solid #e1e4e8;border-radius:6px;padding:4px 18px 8px}
        .glance h2{border:none;margin-top:12px}.glance li{margin:5px 0;line-height:1.4}.warn{color:#8a4b00}
        table.metrics{border-collapse:collapse;font-size:13px;margin:8px 0}
        table.metrics th,table.metrics td{border-bottom:1px solid #e5e5e5;padding:5px 9px}
        table.metrics th{background:#f3f3f3;font-weight:600;text-align:center;cursor:help}
        td.num{text-align:right;font-variant-numeric:tabular-nums}td.na{color:#aaa}
        tr.adapert td{background:#fff4ec}tr.ceiling td{color:#3d7a30;font-style:italic;border-top:2px solid #ccc}
        .swatch{display:inline-block;width:10px;height:10px;margin-right:6px;border-radius:2px}
        .row{display:flex;flex-wrap:wrap;gap:6px}svg{font-family:inherit;max-width:100%;height:auto}
        pre{background:#f6f8fa;border:1px solid #e1e4e8;padding:10px;font-size:12px;overflow-x:auto;line-height:1.4}
        details{font-size:13px;margin:6px 0 12px}dt{font-weight:600;margin-top:6px}dd{margin-left:18px;color:#444}
        code{font-size:12px;background:#f3f3f3;padding:1px 3px;border-radius:3px}
        """
}
