import DistTrain
import Foundation

/// The report's plots, each a self-contained inline SVG.
enum ReportCharts {
    static let colours = ["adapert": "#e8743b", "control": "#b5b5b5", "train-mean": "#7f7f7f", "linear": "#8e6bb8",
                          "graph-knn": "#3a87a8", "ceiling": "#5a9a4a"]

    /// Mean collapse: predicted vs real DEG counts per perturbation (log1p axes), one series per method,
    /// y = x dashed. A collapsed model sits as a flat band far above the diagonal.
    static func degCounts(_ methods: [MethodResults]) -> String {
        let real = "de_nsig_counts_real", pred = "de_nsig_counts_pred"
        let all = methods.flatMap(\.rows)
        let values = all.compactMap { $0.values[real] } + all.compactMap { $0.values[pred] }
        var svg = SVG(width: 520, height: 400, label: "Predicted versus real DEG counts per perturbation")
        let frame = PlotFrame(left: 64, top: 30, width: 320, height: 310, xKind: .log1p, xValues: values,
                              yKind: .log1p, yValues: values, includeZero: true)
        frame.drawAxes(&svg, xTitle: "real DEGs (FDR < 0.05)", yTitle: "predicted DEGs",
                       title: "DEGs called per test perturbation")
        frame.drawDiagonal(&svg)
        for method in methods {
            let colour = colours[method.name] ?? "#333"
            for row in method.rows {
                guard let r = row.values[real], let p = row.values[pred] else { continue }
                svg.circle(frame.x(r), frame.y(p), r: 4.5, fill: colour, stroke: "white", opacity: 0.85,
                           title: "\(row.label) (\(method.name)): \(Int(p)) predicted, \(Int(r)) real DEGs")
            }
        }
        legend(&svg, x: 396, y: 48, entries: methods.map { ($0.name, colours[$0.name] ?? "#333") } + [("y = x", "")])
        return svg.rendered
    }

    /// Per-perturbation DES (overlap_at_N) as horizontal bars, one group per perturbation (strongest first).
    static func desBars(_ methods: [MethodResults], order labels: [String], realDEGs: [String: Double]) -> String {
        let metric = "overlap_at_N", barHeight = 7.0, gap = 8.0
        let groupHeight = Double(methods.count) * barHeight + gap
        let height = 60 + groupHeight * Double(labels.count) + 30
        var svg = SVG(width: 760, height: height, label: "DES per test perturbation")
        let left = 190.0, width = 420.0, top = 40.0
        let x = PlotScale(kind: .linear, low: 0, high: 1, from: left, to: left + width)
        svg.text(left, 22, "DES (overlap of the top real and predicted DEGs) per test perturbation", size: 12, bold: true)
        for (value, label) in x.ticks {
            svg.line(x(value), top - 4, x(value), top + groupHeight * Double(labels.count), stroke: "#eee")
            svg.text(x(value), top + groupHeight * Double(labels.count) + 14, label, size: 10, anchor: .middle, fill: "#555")
        }
        for (k, label) in labels.enumerated() {
            let y0 = top + Double(k) * groupHeight
            let count = realDEGs[label].map { PlotScale.format($0) } ?? "?"
            svg.text(left - 8, y0 + groupHeight / 2, "\(label)  (\(count) real DEGs)", size: 10.5, anchor: .end)
            for (m, method) in methods.enumerated() {
                let y = y0 + Double(m) * barHeight
                if let value = method.row(label)?.values[metric] {
                    // A DES of exactly 0 keeps a 1.5 px stub, so it reads as "none recovered", not as missing.
                    svg.rect(left, y, max(x(value) - left, 1.5), barHeight - 1, fill: colours[method.name] ?? "#333",
                             title: "\(label), \(method.name): DES \(String(format: "%.3f", value))")
                    if value > 0 { svg.text(x(value) + 3, y + barHeight - 1.5, String(format: "%.2f", value), size: 7, fill: "#666") }
                } else {
                    svg.text(left + 3, y + barHeight - 1.5, "undefined (no real DEGs)", size: 7, fill: "#999")
                }
            }
        }
        legend(&svg, x: left + width + 20, y: top + 4, entries: methods.map { ($0.name, colours[$0.name] ?? "#333") })
        return svg.rendered
    }

    /// Training loss per step and the validation score per evaluation, best step marked.
    static func trainingCurves(_ rows: [MetricsRow], bestStep: Int) -> String {
        let train = rows.filter { $0.split == "train" }.compactMap { row in row.values["loss"].map { (Double(row.step), $0) } }
        let val = rows.filter { $0.split == "val" }.compactMap { row in row.values["val_score"].map { (Double(row.step), $0) } }
        var svg = SVG(width: 760, height: 290, label: "Training loss and validation score")
        let steps = (train + val).map(\.0)
        let lossFrame = PlotFrame(left: 64, top: 30, width: 270, height: 200, xValues: steps, yValues: train.map(\.1))
        lossFrame.drawAxes(&svg, xTitle: "step", yTitle: "training loss", title: "Training loss (all ranks)")
        polyline(&svg, lossFrame, train, colour: "#444")
        let valFrame = PlotFrame(left: 450, top: 30, width: 270, height: 200, xValues: steps, yValues: val.map(\.1))
        valFrame.drawAxes(&svg, xTitle: "step", yTitle: "validation score",
                          title: "Validation score (DES − DEG-count penalty)")
        polyline(&svg, valFrame, val, colour: colours["adapert"]!)
        for (step, score) in val { svg.circle(valFrame.x(step), valFrame.y(score), r: 3, fill: colours["adapert"]!) }
        if val.contains(where: { Int($0.0) == bestStep }) {
            let px = valFrame.x(Double(bestStep))
            svg.line(px, valFrame.top, px, valFrame.bottom, stroke: "#5a9a4a", width: 1.5, dash: "4 3")
            svg.text(px + 4, valFrame.top + 12, "best (step \(bestStep))", size: 10, fill: "#3d7a30")
        }
        return svg.rendered
    }

    /// Predicted vs real mean delta over genes for one perturbation. Genes predicted exactly 0 (no change)
    /// are drawn as grey rings on y = 0; the perturbation's own targets are labelled.
    static func deltaScatter(label: String, genes: [String], real: [Float], predicted: [Float], targets: Set<String>,
                             method: String = "AdaPert") -> String {
        var svg = SVG(width: 370, height: 330, label: "Predicted versus real delta for \(label)")
        let r = real.map(Double.init), p = predicted.map(Double.init)
        let frame = PlotFrame(left: 60, top: 30, width: 280, height: 240, xValues: r, yValues: p, includeZero: true)
        let zeros = p.filter { $0 == 0 }.count
        frame.drawAxes(&svg, xTitle: "real Δ (log1p, vs control)", yTitle: "predicted Δ (\(method))", title: label)
        svg.line(frame.left, frame.y(0), frame.right, frame.y(0), stroke: "#bbb")
        svg.line(frame.x(0), frame.top, frame.x(0), frame.bottom, stroke: "#bbb")
        frame.drawDiagonal(&svg)
        for i in genes.indices where p[i] == 0 {
            svg.circle(frame.x(r[i]), frame.y(0), r: 2.6, fill: "none", stroke: "#9a9a9a", strokeWidth: 0.8)
        }
        for i in genes.indices where p[i] != 0 && !targets.contains(genes[i]) {
            svg.circle(frame.x(r[i]), frame.y(p[i]), r: 3, fill: colours["adapert"]!, opacity: 0.8,
                       title: "\(genes[i]): real \(String(format: "%.3f", r[i])), predicted \(String(format: "%.3f", p[i]))")
        }
        for i in genes.indices where targets.contains(genes[i]) {
            svg.circle(frame.x(r[i]), frame.y(p[i]), r: 4.5, fill: "#222", stroke: "white",
                       title: "\(genes[i]) (target): real \(String(format: "%.3f", r[i])), predicted \(String(format: "%.3f", p[i]))")
            svg.text(frame.x(r[i]) + 6, frame.y(p[i]) - 5, genes[i] + " (target)", size: 10, bold: true)
        }
        svg.text(frame.left, frame.bottom + 50, "\(zeros) of \(genes.count) genes predicted exactly 0 (grey rings)", size: 10.5, fill: "#555")
        return svg.rendered
    }

    static func polyline(_ svg: inout SVG, _ frame: PlotFrame, _ points: [(Double, Double)], colour: String) {
        guard !points.isEmpty else { return }
        let d = points.map { "\(svg.n(frame.x($0.0))),\(svg.n(frame.y($0.1)))" }.joined(separator: " L")
        svg.path("M" + d, stroke: colour, width: 1.5)
    }

    /// Colour swatches with names; an empty colour draws a dashed line (the diagonal).
    static func legend(_ svg: inout SVG, x: Double, y: Double, entries: [(String, String)]) {
        for (k, (name, colour)) in entries.enumerated() {
            let cy = y + Double(k) * 18
            if colour.isEmpty {
                svg.line(x, cy, x + 14, cy, stroke: "#888", dash: "4 3")
            } else {
                svg.rect(x, cy - 6, 12, 12, fill: colour, stroke: "#999")
            }
            svg.text(x + 20, cy + 4, name, size: 11)
        }
    }
}
