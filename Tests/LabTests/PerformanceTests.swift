import Foundation
import Testing
@testable import Lab

/// Frame cost of a full dashboard; reported, not asserted (timings on a shared machine are noise).
@Suite("Rendering cost")
struct PerformanceTests {
    /// A 200×60 dashboard: loss chart, scatter with paths, bar chart, heatmap, text panel and status bar.
    static func frame(_ buf: inout Buffer, loss: [(x: Double, y: Double)], val: [(x: Double, y: Double)], scatter: ScatterPlot, bars: BarChart, heat: Heatmap) {
        buf.reset(width: 200, height: 60)
        let area = buf.area
        let rows = area.split(.vertical, [.fill(1), .fixed(1)])
        let cols = rows[0].split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(2), .fill(1)])
        let right = cols[1].split(.vertical, [.fill(2), .fill(1)])
        let chart = LineChart(title: "loss", series: [.init(name: "train", points: loss, index: 0), .init(name: "val", points: val, index: 1)], markers: [.init(x: 6000, label: "Muon")], yScale: .log)
        chart.render(into: &buf, area: Block(title: "loss", focused: true).render(into: &buf, area: left[0]))
        bars.render(into: &buf, area: Block(title: "experts").render(into: &buf, area: left[1]))
        scatter.render(into: &buf, area: Block(title: "samples").render(into: &buf, area: right[0]))
        let lower = right[1].split(.horizontal, [.fill(1), .fixed(30)])
        heat.render(into: &buf, area: Block(title: "sweep").render(into: &buf, area: lower[0]))
        TextPanel(rows: [.init("optimizer", "Muon"), .init("lr", "3e-4"), .init("step", "6000")]).render(into: &buf, area: Block(title: "run").render(into: &buf, area: lower[1]))
        StatusBar(hints: Fixtures.hints, right: "step 6000").render(into: &buf, area: rows[1])
    }

    @Test("a 200×60 dashboard frame (10k-point loss curve) renders and diffs quickly")
    func dashboardFrame() {
        let loss = Fixtures.trainLoss(steps: 10_000)
        let val = Fixtures.valLoss(steps: 10_000)
        let scatter = Fixtures.scatter()
        let bars = Fixtures.expertLoad()
        let heat = Fixtures.sweep()
        var buf = Buffer(width: 200, height: 60)
        var prev = buf
        let n = 20
        let clock = ContinuousClock()
        var changed = 0
        let t = clock.measure {
            for _ in 0..<n {
                Self.frame(&buf, loss: loss, val: val, scatter: scatter, bars: bars, heat: heat)
                changed += buf.diff(from: prev).count
                prev = buf
            }
        }
        let ms = Double(t.components.attoseconds) / 1e15 / Double(n) + Double(t.components.seconds) * 1000 / Double(n)
        print("render+diff 200x60 dashboard: \(String(format: "%.3f", ms)) ms/frame")
        #expect(changed > 0)
    }
}
