import Foundation
import Testing
@testable import Lab

@Suite("Marker labels and legends never collide, and never hide data")
struct MarkerLegendTests {
    @Test("labels of crowded markers never overlap each other, another marker's line, or the legend", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func markerLabelsNeverOverlap(seed: Int) {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33) % n
        }
        let plot = Rect(x: 4, y: 1, width: 50, height: 12)
        let legend = Rect(x: 38, y: 1, width: 16, height: 2)
        let count = 2 + next(10)
        let lines = (0..<count).map { _ in plot.x + next(plot.width) }
        let labels: [String] = (0..<count).map { _ in ["Muon", "Adam", "SGD", "lr 2e-3", "batch 512", "moons"][next(6)] }
        let shorts: [String?] = labels.map { _ in nil }
        let placed = MarkerLabels.place(lines: lines, labels: labels, shorts: shorts, plot: plot, rows: 3, blocked: [legend])
        let rects = placed.map { Rect(x: $0.x, y: $0.y, width: $0.text.count, height: 1) }
        for (i, a) in rects.enumerated() {
            #expect(plot.intersection(a) == a, "inside the plot")
            #expect(a.intersection(legend).isEmpty, "clear of the legend")
            #expect(!lines.contains { $0 >= a.x && $0 < a.maxX }, "crosses no marker line")
            for b in rects.dropFirst(i + 1) { #expect(a.intersection(b).isEmpty, "\(a) overlaps \(b)") }
        }
        #expect(Set(placed.map(\.index)).count == placed.count, "one label per marker")
    }

    @Test("three switches in a row stagger instead of reading 'MuonAdamSGD'")
    func switchesStagger() {
        let plot = Rect(x: 0, y: 0, width: 40, height: 12)
        let placed = MarkerLabels.place(lines: [20, 22, 24], labels: ["Muon", "Adam", "SGD"], shorts: [nil, nil, nil], plot: plot, rows: 3)
        #expect(placed.count == 3)
        #expect(Set(placed.map(\.y)).count > 1 || placed.contains { $0.text.count == 1 })
        var b = Buffer(width: 40, height: 12)
        for p in placed { b.write(p.text, x: p.x, y: p.y) }
        #expect(!b.text().contains("MuonAdam") && !b.text().contains("AdamSGD"))
    }

    @Test("a label that cannot fit whole uses its short form, and one that fits nowhere is dropped")
    func shortAndDropped() {
        let plot = Rect(x: 0, y: 0, width: 12, height: 4)
        let placed = MarkerLabels.place(lines: [3, 6], labels: ["learning rate", "batch 1024"], shorts: ["lr", nil], plot: plot, rows: 1)
        #expect(placed.map(\.text) == ["lr", "b"])
        #expect(MarkerLabels.place(lines: [0], labels: ["x"], shorts: [nil], plot: Rect(x: 0, y: 0, width: 1, height: 4), rows: 2).isEmpty)
    }

    @Test("the legend takes a free corner, and goes above the plot when the data fills every corner")
    func legendPlacement() {
        let plot = Rect(x: 0, y: 0, width: 40, height: 10)
        let topRightBusy = Legend.freeCorner(width: 10, height: 2, in: plot) { x, y in x > 25 && y < 4 }
        #expect(topRightBusy == Rect(x: 1, y: 0, width: 10, height: 2), "top-left when the curve's end sits top-right")
        #expect(Legend.freeCorner(width: 10, height: 2, in: plot) { x, y in x > 25 || x < 14 } == nil)
        let rows = Legend.strip([.init(swatch: "━", name: "loss", value: "7.68", style: .normal),
                                 .init(swatch: "━", name: "EMA", value: "8.06", style: .normal)], width: 40)
        #expect(rows.count == 1 && rows[0].count == 2)
    }

    @Test("a legend cuts names before values: never '0.…'")
    func legendKeepsValues() {
        let entries = [Legend.Entry(swatch: "━", name: "consistency", value: "0.123", style: .normal),
                       Legend.Entry(swatch: "━", name: "ReFlow", value: "0.110", style: .normal)]
        let box = Legend.box(entries, maxWidth: 12)!
        #expect(box.width <= 12)
        #expect(box.lines.allSatisfy { $0.text.hasSuffix("0.123") || $0.text.hasSuffix("0.110") }, "\(box.lines.map(\.text))")
        #expect(box.lines[0].text.hasPrefix("con…"))
    }

    @Test("a line chart's legend never covers the end of its curve")
    func legendAvoidsCurveEnd() {
        let rising = LineChart.Series(name: "η*", points: (0...40).map { (Double($0), Double($0)) }, index: 0)
        var b = Buffer(width: 50, height: 14)
        LineChart(series: [rising]).render(into: &b, area: b.area)
        let rows = b.text().split(separator: "\n").map(String.init)
        #expect(rows[0].contains("η*"), "legend top-left: \(rows[0])")
        #expect(!rows[0].suffix(6).contains("η"), "not over the curve's end at the top right")
    }

    @Test("without colour, series get distinct dash patterns; a thin line stays visible through a band")
    func monochromeSeries() {
        let band = LineChart.Series(name: "raw", points: (0..<2000).map { (Double($0), 5 + 2 * Fixtures.wobble($0)) },
                                    pen: Pen(style: .faint, priority: 0, glyph: "."))
        let ema = LineChart.Series(name: "EMA", points: (0..<2000).map { (Double($0), 5.0) }, index: 0, priority: 1, trace: .line, now: .dot)
        var mono = Buffer(width: 60, height: 16, monochrome: true)
        LineChart(series: [band, ema]).render(into: &mono, area: mono.area)
        var colour = Buffer(width: 60, height: 16)
        LineChart(series: [band, ema]).render(into: &colour, area: colour.area)
        #expect(mono.text() != colour.text(), "dash patterns differ from the colour rendering")
        #expect(mono.text().contains("╍"), "the legend shows the EMA's dash")
        #expect(colour.text().contains("●"), "the now mark is drawn")
        let emaRow = colour.text().split(separator: "\n").map(String.init).first { $0.contains("⠒") || $0.contains("⠉") || $0.contains("⠤") }
        #expect(emaRow != nil, "the EMA reads as a thin line, not a filled band")
    }

    @Test("status bar: '? help' and 'q quit' stay at every width and beside any notice")
    func pinnedHints() {
        for w in [20, 40, 80] {
            var b = Buffer(width: w, height: 1)
            StatusBar(hints: Fixtures.hints, right: "switched to Muon at step 123456 (a long notice that goes on)").render(into: &b, area: b.area)
            #expect(b.text().contains("? help"), "at \(w): \(b.text())")
            if w >= 40 { #expect(b.text().contains("q quit")) }
        }
    }

    /// Cells of `area` that hold data (not blank) in `b`.
    private func inked(_ b: Buffer, _ area: Rect) -> Set<Int> {
        var out = Set<Int>()
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX where b[x, y].char != " " { out.insert(y * 1000 + x) }
        }
        return out
    }

    @Test("a legend never covers a plotted point or a marker line: the cells it fills are blank without it",
          arguments: [(60, 16), (80, 24), (100, 30)])
    func legendCoversNoData(_ size: (Int, Int)) {
        // Two rising curves (optima and a fit, as on lr-batch-scaling) and a knee marker: the data leaves one corner free.
        let xs = Array(0...20)
        let measuredPoints: [(x: Double, y: Double)] = xs.map { (Double($0), 0.01 * pow(1.2, Double($0))) }
        let fitPoints: [(x: Double, y: Double)] = xs.map { (Double($0), 0.012 * pow(1.19, Double($0))) }
        let measured = LineChart.Series(name: "η* measured", points: measuredPoints, index: 0, now: .dot)
        let fit = LineChart.Series(name: "slope 0.86", points: fitPoints, index: 1)
        var chart = LineChart(series: [measured, fit], markers: [LineChart.Marker(x: 8, label: "knee", kind: .reference)], yScale: .log)
        var with = Buffer(width: size.0, height: size.1)
        chart.render(into: &with, area: with.area)
        chart.showLegend = false
        var without = Buffer(width: size.0, height: size.1)
        chart.render(into: &without, area: without.area)
        let plot = chart.layout(area: with.area).plot
        let data = inked(without, plot)
        #expect(with.text().contains("η*") || with.text().contains("slope"), "the legend is drawn")
        let covered = data.filter { with[$0 % 1000, $0 / 1000] != without[$0 % 1000, $0 / 1000] }
        #expect(covered.isEmpty, "legend over data at \(covered.sorted().prefix(5).map { ($0 % 1000, $0 / 1000) }):\n\(with.text())")
    }

    @Test("a rule (the noise floor) is one continuous line across the whole plot, under the data, in every glyph mode",
          arguments: [GlyphMode.braille, .ascii])
    func ruleIsContinuous(_ glyphs: GlyphMode) {
        var points: [(x: Double, y: Double)] = []
        for i in 1...30 {
            let step = Double(i)
            points.append((x: 100 * step, y: 0.2 + 2 / step))
        }
        let kl = LineChart.Series(name: "kl", points: points, index: 2, trace: .line, now: .dot)
        var chart = LineChart(series: [kl], yScale: .log, glyphs: glyphs)
        chart.rules = [LineChart.Rule(y: 0.0618, name: "noise floor")]
        var b = Buffer(width: 60, height: 14)
        chart.render(into: &b, area: b.area)
        let plot = chart.layout(area: b.area).plot
        let line: Character = glyphs.isUnicode ? "─" : "-"
        let rows = (plot.y..<plot.maxY).filter { y in (plot.x..<plot.maxX).filter { b[$0, y].char == line }.count > plot.width / 2 }
        #expect(rows.count == 1, "one rule row:\n\(b.text())")
        if let y = rows.first {
            #expect((plot.x..<plot.maxX).allSatisfy { b[$0, y].char == line }, "no gaps: \((plot.x..<plot.maxX).map { String(b[$0, y].char) }.joined())")
        }
        #expect(b.text().contains("noise floor"), "named in the legend")
    }
}
