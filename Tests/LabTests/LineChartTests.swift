import Testing
@testable import Lab

@Suite("Line charts stay correct and cheap on huge or hostile data")
struct LineChartTests {
    static func bigSeries(_ n: Int) -> [(x: Double, y: Double)] {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return (0..<n).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(state >> 11) / Double(1 << 53) - 0.5
            var y = 1 / (1 + Double(i) / 50_000) + 0.05 * noise
            if i == 333_333 { y = 3 }
            if i == 777_777 { y = -2 }
            return (Double(i), y)
        }
    }

    private func draw(_ chart: LineChart, _ w: Int = 80, _ h: Int = 24) -> Buffer {
        var b = Buffer(width: w, height: h)
        chart.render(into: &b, area: b.area)
        return b
    }

    @Test("a 1,000,000-point series renders identically to its min/max-per-column reduction")
    func downsampleEquivalence() {
        let pts = Self.bigSeries(1_000_000)
        let full = LineChart(series: [.init(name: "loss", points: pts, index: 0)])
        let dots = full.layout(area: Rect(x: 0, y: 0, width: 80, height: 24)).plot.width * 2
        let reduced = LineChart.downsample(pts, columns: dots, xMin: 0, xMax: 999_999)
        #expect(reduced.count <= dots * 4)
        #expect(reduced.contains { $0.y == 3 } && reduced.contains { $0.y == -2 })
        let a = draw(full)
        let b = draw(LineChart(series: [.init(name: "loss", points: reduced, index: 0)]))
        #expect(a.text() == b.text())
        #expect(a.styleText() == b.styleText())
    }

    @Test("the extreme spikes of a million points are drawn at the top and bottom rows")
    func extremesDrawn() {
        let b = draw(LineChart(series: [.init(name: "loss", points: Self.bigSeries(1_000_000), index: 0)]), 60, 20)
        let rows = b.text().split(separator: "\n").map(String.init)
        let plotRows = rows.dropLast(2)
        #expect(plotRows.first!.contains { $0.unicodeScalars.first!.value > 0x2800 && $0.unicodeScalars.first!.value <= 0x28FF })
        #expect(plotRows.last!.contains { $0.unicodeScalars.first!.value > 0x2800 && $0.unicodeScalars.first!.value <= 0x28FF })
    }

    @Test("reduction keeps order and first/last points per column, and drops NaN")
    func reductionShape() {
        let pts: [(x: Double, y: Double)] = [(0, 1), (0.1, 5), (0.2, .nan), (0.3, -1), (0.4, 2), (10, 0)]
        let r = LineChart.downsample(pts, columns: 3, xMin: 0, xMax: 10)
        #expect(r.map(\.y) == [1, 5, -1, 2, 0])
        #expect(LineChart.downsample(pts, columns: 0, xMin: 0, xMax: 1).isEmpty)
        #expect(LineChart.downsample([(1, -1), (2, 3)], columns: 4, xMin: 0, xMax: 4, positiveOnly: true).map(\.y) == [3])
    }

    @Test("empty, single-point, NaN/Inf and non-positive-on-log series never crash", arguments: [LineChart.Scale.linear, .log])
    func hostile(scale: LineChart.Scale) {
        let cases: [[(x: Double, y: Double)]] = [
            [], [(1, 1)], [(.nan, .nan)], [(0, .infinity), (1, -.infinity)], [(0, -1), (1, 0)],
            [(0, 1), (0, 1)], [(-1e300, 1e300), (1e300, -1e300)], [(0, 1e-300), (1, 1e300)],
        ]
        for pts in cases {
            var chart = LineChart(title: "t", series: [.init(name: "s", points: pts, index: 0)], markers: [.init(x: .nan, label: "m")], yScale: scale)
            for (w, h) in [(0, 0), (1, 1), (3, 2), (20, 6), (80, 24)] {
                _ = draw(chart, w, h)
            }
            chart.series = []
            _ = draw(chart, 40, 10)
        }
    }

    @Test("degrades as space shrinks: legend, then title, then axes go")
    func degrade() {
        let chart = LineChart(title: "loss", series: [.init(name: "train", values: [3, 2, 1.5, 1.2, 1.1], index: 0)])
        let big = draw(chart, 80, 24).text()
        #expect(big.contains("loss") && big.contains("train") && big.contains("└"))
        let mid = draw(chart, 20, 9).text()
        #expect(mid.contains("loss") && mid.contains("└"))
        let small = draw(chart, 20, 6).text()
        #expect(!small.contains("loss") && small.contains("└"))
        let tiny = draw(chart, 10, 3).text()
        #expect(!tiny.contains("└") && !tiny.contains("│"))
    }

    @Test("autoscale grows at once and shrinks slowly")
    func autoscale() {
        var s = AutoScale(shrinkRate: 0.5, padding: 0)
        #expect(s.update(dataMin: 0, dataMax: 10) == (0, 10))
        #expect(s.update(dataMin: -5, dataMax: 20) == (-5, 20))
        #expect(s.update(dataMin: 0, dataMax: 10) == (-2.5, 15))
        #expect(s.update(dataMin: .nan, dataMax: 1) == (-2.5, 15))
    }
}
