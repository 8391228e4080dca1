import Foundation
import Testing
@testable import Lab

/// Golden screens: these files are the documentation of what users see (record with LAB_RECORD_SNAPSHOTS=1).
@Suite("Widgets render their golden snapshots")
struct SnapshotTests {
    static let sizes = [(20, 6), (80, 24), (200, 60)]

    private func render(_ w: Int, _ h: Int, _ draw: (inout Buffer, Rect) -> Void) -> Buffer {
        var b = Buffer(width: w, height: h)
        draw(&b, b.area)
        return b
    }

    @Test("line chart, linear and log, with a Muon marker and legend", arguments: sizes)
    func lineChart(w: Int, h: Int) {
        for scale in [LineChart.Scale.linear, .log] {
            let name = "linechart-\(scale == .log ? "log" : "linear")-\(w)x\(h)"
            assertSnapshot(render(w, h) { Fixtures.lossChart(scale).render(into: &$0, area: $1) }, named: name)
        }
    }

    @Test("line chart in half blocks and ASCII")
    func lineChartGlyphs() {
        assertSnapshot(render(80, 24) { Fixtures.lossChart(.log, glyphs: .halfBlock).render(into: &$0, area: $1) }, named: "linechart-log-80x24-halfblock")
        assertSnapshot(render(80, 24) { Fixtures.lossChart(.linear, glyphs: .ascii).render(into: &$0, area: $1) }, named: "linechart-linear-80x24-ascii")
    }

    @Test("log axis over many decades labels powers of ten")
    func lineChartDecades() {
        let chart = LineChart(title: "gradient norm", series: [
            .init(name: "grad", values: (0..<400).map { 10 * pow(1e-5, Double($0) / 399) * (1 + 0.3 * Fixtures.wobble($0)) }, index: 2),
        ], yScale: .log)
        assertSnapshot(render(60, 16) { chart.render(into: &$0, area: $1) }, named: "linechart-log-decades-60x16")
    }

    @Test("scatter with trajectories", arguments: sizes)
    func scatter(w: Int, h: Int) {
        assertSnapshot(render(w, h) { Fixtures.scatter().render(into: &$0, area: $1) }, named: "scatter-\(w)x\(h)")
    }

    @Test("scatter in ASCII and coloured by category without axes")
    func scatterVariants() {
        assertSnapshot(render(80, 24) { Fixtures.scatter(glyphs: .ascii).render(into: &$0, area: $1) }, named: "scatter-80x24-ascii")
        assertSnapshot(render(80, 24) { Fixtures.scatter(glyphs: .halfBlock).render(into: &$0, area: $1) }, named: "scatter-80x24-halfblock")
        let ring = Fixtures.ring()
        let plot = ScatterPlot(layers: [.samples(ring, categories: ring.indices.map { $0 * 4 / ring.count })], showAxes: false)
        assertSnapshot(render(40, 12) { plot.render(into: &$0, area: $1) }, named: "scatter-categories-40x12")
    }

    @Test("bar chart with a reference line")
    func barChart() {
        assertSnapshot(render(60, 16) { Fixtures.expertLoad().render(into: &$0, area: $1) }, named: "barchart-60x16")
        assertSnapshot(render(60, 16) { Fixtures.expertLoad(glyphs: .ascii).render(into: &$0, area: $1) }, named: "barchart-60x16-ascii")
        assertSnapshot(render(20, 6) { Fixtures.expertLoad().render(into: &$0, area: $1) }, named: "barchart-20x6")
    }

    @Test("heatmap with labels, a NaN cell and a scale key")
    func heatmap() {
        assertSnapshot(render(50, 14) { Fixtures.sweep().render(into: &$0, area: $1) }, named: "heatmap-50x14")
        assertSnapshot(render(50, 14) { Fixtures.sweep(glyphs: .ascii).render(into: &$0, area: $1) }, named: "heatmap-50x14-ascii")
    }

    @Test("text panel aligns keys and truncates values")
    func textPanel() {
        let panel = TextPanel(rows: [
            .init("optimizer", "AdamW → Muon"), .init("lr", "3e-4"), .init("batch", "256"),
            .init("step", "1200 / 5000"), .init("loss", "0.0831", style: .highlight),
            .init("note", "a value far too long to fit in this narrow panel"), .init("", "section without key"),
        ])
        assertSnapshot(render(30, 7) { panel.render(into: &$0, area: $1) }, named: "textpanel-30x7")
        assertSnapshot(render(30, 4) { panel.render(into: &$0, area: $1) }, named: "textpanel-30x4")
    }

    @Test("status bar with hints left and status right, truncating as it narrows", arguments: [80, 40, 20])
    func statusBar(w: Int) {
        let bar = StatusBar(hints: Fixtures.hints, right: "step 1200 · 31 it/s")
        assertSnapshot(render(w, 1) { bar.render(into: &$0, area: $1) }, named: "statusbar-\(w)")
    }

    @Test("help overlay centred over a chart")
    func helpOverlay() {
        let b = render(80, 24) { buf, area in
            Fixtures.lossChart(.linear).render(into: &buf, area: area)
            HelpOverlay(entries: Fixtures.keys).render(into: &buf, area: area)
        }
        assertSnapshot(b, named: "help-80x24")
        let a = render(40, 12) { HelpOverlay(entries: Fixtures.keys, glyphs: .ascii).render(into: &$0, area: $1) }
        assertSnapshot(a, named: "help-40x12-ascii")
    }

    @Test("blocks: focused heavy border, unfocused rounded, ASCII")
    func blocks() {
        let b = render(60, 5) { buf, area in
            let cols = area.split(.horizontal, [.fill(1), .fill(1), .fill(1)])
            let inner = Block(title: "loss", focused: true, info: "1.2k").render(into: &buf, area: cols[0])
            buf.write("content", x: inner.x, y: inner.y, style: .normal)
            Block(title: "samples", focused: false).render(into: &buf, area: cols[1])
            Block(title: "a very long pane title", focused: true, glyphs: .ascii).render(into: &buf, area: cols[2])
        }
        assertSnapshot(b, named: "blocks-60x5")
    }

    @Test("too-small screen", arguments: [(20, 6), (12, 3)])
    func tooSmall(w: Int, h: Int) {
        assertSnapshot(render(w, h) { TooSmall(needWidth: 80, needHeight: 24).render(into: &$0, area: $1) }, named: "toosmall-\(w)x\(h)")
        assertSnapshot(render(w, h) { TooSmall(needWidth: 80, needHeight: 24, glyphs: .ascii).render(into: &$0, area: $1) }, named: "toosmall-\(w)x\(h)-ascii")
    }

    @Test("a dashboard: blocks laid out with constraints, charts inside, status bar")
    func dashboard() {
        let b = render(120, 36) { buf, area in
            let rows = area.split(.vertical, [.fill(1), .fixed(1)])
            let cols = rows[0].split(.horizontal, [.percent(55), .fill(1)])
            let left = cols[0].split(.vertical, [.fill(2), .fill(1)])
            let right = cols[1].split(.vertical, [.fill(2), .min(8)])
            var inner = Block(title: "loss", focused: true).render(into: &buf, area: left[0])
            Fixtures.lossChart(.log).render(into: &buf, area: inner)
            inner = Block(title: "expert load").render(into: &buf, area: left[1])
            var bars = Fixtures.expertLoad()
            bars.title = nil
            bars.render(into: &buf, area: inner)
            inner = Block(title: "samples").render(into: &buf, area: right[0])
            var sc = Fixtures.scatter()
            sc.title = nil
            sc.render(into: &buf, area: inner)
            inner = Block(title: "run").render(into: &buf, area: right[1])
            TextPanel(rows: [.init("optimizer", "AdamW"), .init("lr", "3e-4"), .init("step", "1200")]).render(into: &buf, area: inner)
            StatusBar(hints: Fixtures.hints, right: "step 1200 · 31 it/s").render(into: &buf, area: rows[1])
        }
        assertSnapshot(b, named: "dashboard-120x36")
    }
}
