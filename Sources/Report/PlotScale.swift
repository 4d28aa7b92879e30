import Foundation

/// Maps data values to pixels. `.linear`, or `.log1p` (position of log10(1 + v), for counts that can be 0).
struct PlotScale {
    enum Kind { case linear, log1p }

    let kind: Kind
    let low: Double, high: Double
    let from: Double, to: Double

    /// A scale covering `values` (padded by 5% when linear), mapped onto pixels `from`...`to`.
    init(kind: Kind = .linear, covering values: [Double], from: Double, to: Double, includeZero: Bool = false) {
        let finite = values.filter(\.isFinite) + (includeZero ? [0] : [])
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if high - low < 1e-12 { (low, high) = (low - 0.5, high + 0.5) }
        if kind == .linear {
            let pad = (high - low) * 0.05
            (low, high) = (low - pad, high + pad)
        } else {
            (low, high) = (max(0, low), high * 2 + 1)
        }
        self.init(kind: kind, low: low, high: high, from: from, to: to)
    }

    init(kind: Kind, low: Double, high: Double, from: Double, to: Double) {
        (self.kind, self.low, self.high, self.from, self.to) = (kind, low, high, from, to)
    }

    private func transformed(_ v: Double) -> Double { kind == .linear ? v : log10(1 + max(v, 0)) }

    func callAsFunction(_ v: Double) -> Double {
        let a = transformed(low), b = transformed(high)
        return from + (transformed(min(max(v, low), high)) - a) / (b - a) * (to - from)
    }

    /// Tick values with labels: 1-2-5 steps (about 6 ticks) when linear; 0, 1, 3, 10, 30, ... when log1p.
    var ticks: [(value: Double, label: String)] {
        if kind == .log1p {
            var values: [Double] = [0]
            var decade = 1.0
            while decade <= high {
                values += [decade, 3 * decade].filter { $0 <= high }
                decade *= 10
            }
            return values.filter { $0 >= low }.map { ($0, Self.format($0)) }
        }
        let raw = (high - low) / 6
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.min { abs((high - low) / $0 - 6) < abs((high - low) / $1 - 6) }!
        var out: [(Double, String)] = []
        var v = ceil(low / step) * step
        while v <= high + step * 1e-9 {
            out.append((abs(v) < step * 1e-9 ? 0 : v, Self.format(abs(v) < step * 1e-9 ? 0 : v)))
            v += step
        }
        return out
    }

    /// Compact number: 3 significant digits, no trailing zeros.
    static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
        return String(format: "%.3g", v)
    }
}

/// A rectangular plot area with axes, grid, tick labels and axis titles drawn into an `SVG`.
struct PlotFrame {
    let x: PlotScale, y: PlotScale
    let left: Double, top: Double, right: Double, bottom: Double

    /// Frame at (left, top) of the given size; scales span it.
    init(left: Double, top: Double, width: Double, height: Double, xKind: PlotScale.Kind = .linear, xValues: [Double],
         yKind: PlotScale.Kind = .linear, yValues: [Double], includeZero: Bool = false) {
        (self.left, self.top, self.right, self.bottom) = (left, top, left + width, top + height)
        x = PlotScale(kind: xKind, covering: xValues, from: left, to: left + width, includeZero: includeZero)
        y = PlotScale(kind: yKind, covering: yValues, from: top + height, to: top, includeZero: includeZero)
    }

    func drawAxes(_ svg: inout SVG, xTitle: String, yTitle: String, title: String? = nil) {
        svg.rect(left, top, right - left, bottom - top, fill: "#fbfbfb", stroke: "#ccc")
        for (value, label) in x.ticks {
            let px = x(value)
            svg.line(px, top, px, bottom, stroke: "#eee")
            svg.line(px, bottom, px, bottom + 4, stroke: "#666")
            svg.text(px, bottom + 16, label, size: 10, anchor: .middle, fill: "#555")
        }
        for (value, label) in y.ticks {
            let py = y(value)
            svg.line(left, py, right, py, stroke: "#eee")
            svg.line(left - 4, py, left, py, stroke: "#666")
            svg.text(left - 7, py + 3.5, label, size: 10, anchor: .end, fill: "#555")
        }
        svg.text((left + right) / 2, bottom + 34, xTitle, size: 11, anchor: .middle)
        svg.text(left - 42, (top + bottom) / 2, yTitle, size: 11, anchor: .middle, rotate: -90)
        if let title { svg.text(left, top - 8, title, size: 12, bold: true) }
    }

    /// A line y = x over the shared part of both domains.
    func drawDiagonal(_ svg: inout SVG) {
        let low = max(x.low, y.low), high = min(x.high, y.high)
        guard high > low else { return }
        let steps = x.kind == .linear && y.kind == .linear ? 1 : 40
        let points = (0...steps).map { i -> String in
            let v = x.kind == .log1p ? pow(10, log10(1 + low) + (log10(1 + high) - log10(1 + low)) * Double(i) / Double(steps)) - 1
                : low + (high - low) * Double(i) / Double(steps)
            return "\(svg.n(x(v))),\(svg.n(y(v)))"
        }
        svg.path("M" + points.joined(separator: " L"), stroke: "#888", width: 1, extra: " stroke-dasharray=\"4 3\"")
    }
}
