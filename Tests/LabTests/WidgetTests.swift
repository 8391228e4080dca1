import Testing
@testable import Lab

@Suite("Widgets survive empty, hostile and tiny inputs")
struct WidgetTests {
    static let sizes = [(0, 0), (1, 1), (3, 2), (7, 3), (20, 6), (80, 24)]

    private func everySize(_ draw: (inout Buffer, Rect) -> Void) {
        for (w, h) in Self.sizes {
            var b = Buffer(width: w, height: h)
            draw(&b, b.area)
            draw(&b, Rect(x: w / 2, y: h / 2, width: w, height: h))
            draw(&b, Rect(x: -3, y: -3, width: 5, height: 5))
        }
    }

    @Test("scatter: no layers, NaN points, a single point, degenerate bounds, categories longer or shorter than points")
    func scatter() {
        let cases: [ScatterPlot] = [
            ScatterPlot(layers: []),
            ScatterPlot(layers: [.data([(.nan, 1), (1, .infinity)])]),
            ScatterPlot(layers: [.samples([(2, 2)])]),
            ScatterPlot(layers: [.trajectories([[], [(0, 0)], [(0, 0), (.nan, 1), (1, 1)]])], bounds: (x: 1...1, y: 0...0)),
            ScatterPlot(layers: [.samples([(0, 0), (1, 1)], categories: [5])], equalAspect: true),
        ]
        for plot in cases { everySize { plot.render(into: &$0, area: $1) } }
    }

    @Test("bar chart: no bars, NaN/negative/huge values, zero reference, many bars")
    func bars() {
        let cases: [BarChart] = [
            BarChart(bars: []),
            BarChart(bars: [.init(label: "a", value: .nan), .init(label: "b", value: -3), .init(label: "c", value: 1e300)], reference: 0),
            BarChart(bars: (0..<300).map { .init(label: "e\($0)", value: Double($0 % 7)) }, reference: 3),
            BarChart(bars: [.init(label: "", value: 0)], reference: .nan, maxValue: 0),
        ]
        for chart in cases { everySize { chart.render(into: &$0, area: $1) } }
    }

    @Test("bars reach the right height in eighths and the reference line sits on its value")
    func barHeights() {
        var b = Buffer(width: 3, height: 2)
        var chart = BarChart(bars: [.init(label: "", value: 1), .init(label: "", value: 0.5), .init(label: "", value: 0.125)], maxValue: 1)
        chart.render(into: &b, area: b.area)
        #expect(b.text() == "█  \n██▂")
        chart.glyphs = .ascii
        b.clear()
        chart.render(into: &b, area: b.area)
        #expect(b.text() == "#  \n## ")
    }

    @Test("heatmap: empty, ragged rows, all NaN, more cells than columns")
    func heatmap() {
        let cases: [Heatmap] = [
            Heatmap(values: []),
            Heatmap(values: [[1, 2, 3], [4]], rowLabels: ["a"], columnLabels: ["x", "y", "z", "extra"]),
            Heatmap(values: [[.nan, .nan]], glyphs: .ascii),
            Heatmap(values: (0..<100).map { r in (0..<300).map { Double(r * $0) } }),
        ]
        for map in cases { everySize { map.render(into: &$0, area: $1) } }
    }

    @Test("heatmap ramps in equal bins from light shade to full block; a missing value is blank, never a shade")
    func heatmapRamp() {
        var b = Buffer(width: 4, height: 1)
        var map = Heatmap(values: [[0, 1, 2, 3]])
        map.showScale = false
        map.render(into: &b, area: b.area)
        #expect(b.text() == "░▒▓█")
        #expect(b[3, 0].style.role == .heat(7) && b[0, 0].style.role == .heat(0))
        map = Heatmap(values: [[0, .nan, 9]], glyphs: .ascii)
        map.showScale = false
        b = Buffer(width: 3, height: 1)
        map.render(into: &b, area: b.area)
        #expect(b.text() == ". %")
    }

    @Test("panels, bars, overlays and blocks with nothing to show")
    func textWidgets() {
        everySize { TextPanel(rows: []).render(into: &$0, area: $1) }
        everySize { TextPanel(rows: [.init("a very long key indeed", "v"), .init("", "")]).render(into: &$0, area: $1) }
        everySize { StatusBar(hints: []).render(into: &$0, area: $1) }
        everySize { StatusBar(hints: Fixtures.hints, right: "a long status text").render(into: &$0, area: $1) }
        everySize { HelpOverlay(entries: []).render(into: &$0, area: $1) }
        everySize { HelpOverlay(entries: Fixtures.keys).render(into: &$0, area: $1) }
        everySize { Block(title: "t", focused: true, info: "i").render(into: &$0, area: $1) }
        everySize { TooSmall(needWidth: 80, needHeight: 24).render(into: &$0, area: $1) }
    }

    @Test("block returns the inner rect and keeps the title inside the border")
    func blockInner() {
        var b = Buffer(width: 10, height: 4)
        let inner = Block(title: "a long title").render(into: &b, area: b.area)
        #expect(inner == Rect(x: 1, y: 1, width: 8, height: 2))
        #expect(b.text().split(separator: "\n")[0] == "╭ a lon… ╮")
        #expect(Block().render(into: &b, area: Rect(x: 0, y: 0, width: 1, height: 4)) == .zero)
    }

    @Test("line chart with a fixed x window over longer data, and log autoscale")
    func lineWindow() {
        var chart = LineChart(series: [.init(name: "s", values: (0..<5000).map { 1 / Double($0 + 1) }, index: 0)], yScale: .log)
        chart.xRange = 1000...2000
        var scale = AutoScale(logarithmic: true)
        let e = chart.yExtent()!
        let r = scale.update(dataMin: e.min, dataMax: e.max)
        #expect(r.lo > 0 && r.lo < e.min && r.hi > e.max)
        chart.yRange = r.lo...r.hi
        everySize { chart.render(into: &$0, area: $1) }
    }
}
