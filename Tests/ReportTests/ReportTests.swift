@testable import Report
import Testing

@Suite struct ReportTests {
    @Test func logScaleTicksIncludeZeroAndDecades() {
        let scale = PlotScale(kind: .log1p, covering: [0, 250], from: 0, to: 100)
        #expect(scale.ticks.map(\.value) == [0, 1, 3, 10, 30, 100, 300])
        #expect(scale(0) == 0 && abs(scale(scale.high) - 100) < 1e-9)
        #expect(scale(10) > scale(3) && scale(3) > scale(1))
    }

    @Test func linearTicksAreRoundNumbers() {
        let scale = PlotScale(kind: .linear, covering: [-0.42, 0.9], from: 0, to: 300)
        #expect(scale.ticks.map(\.label) == ["-0.4", "-0.2", "0", "0.2", "0.4", "0.6", "0.8"])
    }

    @Test func svgTextIsEscaped() {
        var svg = SVG(width: 10, height: 10, label: "a<b")
        svg.text(1, 1, "x & <y>")
        #expect(svg.rendered.contains("x &amp; &lt;y&gt;") && svg.rendered.contains("aria-label=\"a&lt;b\""))
    }
}
