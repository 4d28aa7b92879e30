import Foundation

/// A small inline-SVG builder for the report: shapes in pixel coordinates, text escaped, numbers rounded to
/// 0.1 px. No external references (the report must open without a network).
struct SVG {
    let width: Double, height: Double
    /// What the picture shows, for screen readers.
    let label: String
    private(set) var elements: [String] = []

    init(width: Double, height: Double, label: String) {
        (self.width, self.height, self.label) = (width, height, label)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = "#999",
                       width: Double = 1, dash: String? = nil) {
        elements.append("<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
            + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
    }

    mutating func circle(_ cx: Double, _ cy: Double, r: Double, fill: String, stroke: String = "none",
                         strokeWidth: Double = 1, opacity: Double = 1, title: String? = nil) {
        elements.append("<circle cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(n(strokeWidth))\""
            + (opacity < 1 ? " fill-opacity=\"\(n(opacity))\"" : "") + Self.closing("circle", title))
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String = "none",
                       title: String? = nil) {
        elements.append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(w, 0)))\" height=\"\(n(max(h, 0)))\" fill=\"\(fill)\" stroke=\"\(stroke)\""
            + Self.closing("rect", title))
    }

    mutating func path(_ d: String, stroke: String, width: Double = 1.5, fill: String = "none", extra: String = "") {
        elements.append("<path d=\"\(d)\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\" fill=\"\(fill)\"\(extra)/>")
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ x: Double, _ y: Double, _ string: String, size: Double = 11, anchor: Anchor = .start,
                       fill: String = "#333", bold: Bool = false, rotate: Double? = nil) {
        let transform = rotate.map { " transform=\"rotate(\(n($0)) \(n(x)) \(n(y)))\"" } ?? ""
        elements.append("<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(fill)\""
            + (bold ? " font-weight=\"bold\"" : "") + transform + ">\(SubgraphFormat.xml(string))</text>")
    }

    /// Raw markup (definitions such as arrow markers).
    mutating func raw(_ markup: String) { elements.append(markup) }

    var rendered: String {
        "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(SubgraphFormat.xml(label))\">\n"
            + elements.joined(separator: "\n") + "\n</svg>"
    }

    /// Closes an element, with a hover tooltip when `title` is given.
    private static func closing(_ tag: String, _ title: String?) -> String {
        title.map { "><title>\(SubgraphFormat.xml($0))</title></\(tag)>" } ?? "/>"
    }

    func n(_ value: Double) -> String { String(format: "%.1f", value) }
}
