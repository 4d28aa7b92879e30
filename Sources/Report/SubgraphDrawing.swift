import Foundation

/// Draws a small learned subgraph as an SVG: the targets in the centre, nodes 1, 2 and 3+ hops away on rings,
/// directed edges curved (so u -> v and v -> u stay apart) with width 0.5 + 3 g; nodes coloured by the
/// predicted delta (red up, blue down, white exactly 0).
enum SubgraphDrawing {
    static func svg(_ subgraph: LearnedSubgraph, predictedDelta: [String: Float]) -> String {
        let width = 640.0, height = 560.0, cx = 300.0, cy = 285.0
        var svg = SVG(width: width, height: height, label: "Learned subgraph of \(subgraph.label)")
        svg.raw("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>")
        let position = layout(subgraph, centre: (cx, cy))
        for edge in subgraph.edges {
            guard let a = position[edge.source], let b = position[edge.target] else { continue }
            let (dx, dy) = (b.0 - a.0, b.1 - a.1)
            let length = max((dx * dx + dy * dy).squareRoot(), 1)
            // Stop 13 px short of the target's centre; bend to the left of the direction of travel.
            let end = (b.0 - dx / length * 13, b.1 - dy / length * 13)
            let control = ((a.0 + b.0) / 2 - dy / length * 14, (a.1 + b.1) / 2 + dx / length * 14)
            svg.path("M\(svg.n(a.0)),\(svg.n(a.1)) Q\(svg.n(control.0)),\(svg.n(control.1)) \(svg.n(end.0)),\(svg.n(end.1))",
                     stroke: "#555", width: 0.5 + 3 * Double(edge.gate),
                     extra: " stroke-opacity=\"\(svg.n(0.25 + 0.6 * Double(edge.gate)))\" marker-end=\"url(#arrow)\"")
        }
        let targets = Set(subgraph.targets)
        let scale = predictedDelta.values.map { abs(Double($0)) }.max() ?? 1
        for node in subgraph.nodes {
            guard let (x, y) = position[node] else { continue }
            let delta = Double(predictedDelta[node] ?? 0)
            let fill = targets.contains(node) ? ReportCharts.colours["adapert"]! : colour(delta, scale: scale)
            let detail = predictedDelta[node].map { String(format: "predicted Δ %.3f", Double($0)) } ?? "not a measured gene"
            svg.circle(x, y, r: targets.contains(node) ? 13 : 10, fill: fill, stroke: "#333",
                       strokeWidth: targets.contains(node) ? 2 : 1, title: "\(node): \(detail), hop \(subgraph.hops[node] ?? 4)")
            svg.text(x, y - (targets.contains(node) ? 17 : 14), node, size: 10.5, anchor: .middle, bold: targets.contains(node))
        }
        svg.text(16, 22, "Learned subgraph of \(subgraph.label): the \(subgraph.edges.count) strongest gated edges near the target",
                 size: 12, bold: true)
        ReportCharts.legend(&svg, x: 520, y: 60, entries: [("target", ReportCharts.colours["adapert"]!),
                                                            ("predicted up", colour(1, scale: 1)),
                                                            ("predicted down", colour(-1, scale: 1)),
                                                            ("exactly 0", colour(0, scale: 1))])
        svg.text(520, 150, "edge width = gate", size: 10.5, fill: "#555")
        svg.text(520, 165, "rings: 1, 2, 3+ hops", size: 10.5, fill: "#555")
        return svg.rendered
    }

    /// Targets around the centre; other nodes on rings by hop, each ring ordered by the mean angle of its
    /// neighbours on the inner rings so that edges mostly run outwards.
    static func layout(_ s: LearnedSubgraph, centre: (Double, Double)) -> [String: (Double, Double)] {
        var angle: [String: Double] = [:], position: [String: (Double, Double)] = [:]
        for (k, target) in s.targets.enumerated() {
            let a = 2 * Double.pi * Double(k) / Double(s.targets.count)
            let r = s.targets.count > 1 ? 30.0 : 0
            angle[target] = a
            position[target] = (centre.0 + r * cos(a), centre.1 + r * sin(a))
        }
        let radii = [1: 115.0, 2: 195.0, 3: 255.0]
        for ring in 1...3 {
            let members = s.nodes.filter { min(s.hops[$0] ?? 4, 3) == ring && position[$0] == nil }
            let key = Dictionary(uniqueKeysWithValues: members.map { node -> (String, Double) in
                let inner = s.edges.compactMap { e -> Double? in
                    if e.source == node { return angle[e.target] }
                    if e.target == node { return angle[e.source] }
                    return nil
                }
                return (node, inner.isEmpty ? 10 : inner.reduce(0, +) / Double(inner.count))
            })
            for (k, node) in members.sorted(by: { (key[$0]!, $0) < (key[$1]!, $1) }).enumerated() {
                let a = 2 * Double.pi * (Double(k) + 0.5) / Double(members.count) - Double.pi / 2
                angle[node] = a
                position[node] = (centre.0 + radii[ring]! * cos(a), centre.1 + radii[ring]! * sin(a))
            }
        }
        return position
    }

    /// Diverging red/blue by sign with intensity |delta| / scale; white for an exact 0.
    static func colour(_ delta: Double, scale: Double) -> String {
        guard delta != 0, scale > 0 else { return "#ffffff" }
        let t = min(1, 0.35 + 0.65 * abs(delta) / scale)
        let (r, g, b) = delta > 0 ? (214.0, 39.0, 40.0) : (31.0, 119.0, 180.0)
        func mix(_ c: Double) -> Int { Int((255 - (255 - c) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(r), mix(g), mix(b))
    }
}
