import Foundation
import Models

/// The headline measure (kl, log y) against the number of sampling steps (1…128 on a log₂ axis), one series per method,
/// named with its 1-step value when the legend has room. A one-step generator (a single point at M = 1) is a short stub
/// there; a series of one point elsewhere is a teacher measured at its own step count: a level across the chart labelled
/// by its flow and steps ("1-RF@100"), so every student reads against its teacher. The measure's noise floor is a dim line.
struct StepsQualityPane {
    let curves: [NamedSeries]
    var measure = "kl"
    /// The measure's value on fresh true data of the same size (nil: none).
    var floor: Double?
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let positive = curves.allSatisfy { $0.points.allSatisfy { $0.y > 0 } } && (floor ?? 1) > 0
        let block = Block(title: "\(measure) vs sampling steps", focused: focused, glyphs: glyphs,
                          info: (positive ? "log y" : "linear y") + " · legend @1")
        let waiting = curves.contains(where: { !$0.points.isEmpty }) ? nil : "no evaluation yet…"
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        let fl = positive ? floor : nil
        var series = Self.series(curves, floor: fl, values: true)
        if !Self.legendFits(series, width: inner.width) { series = Self.series(curves, floor: fl, values: false) }
        var chart = LineChart(series: series, yScale: positive ? .log : .linear, glyphs: glyphs)
        chart.xRange = 0...7
        chart.showLegend = inner.width >= 30
        chart.legendShowsLast = false
        chart.render(into: &buffer, area: inner)
        Self.labelStepCounts(in: &buffer, row: inner.maxY - 1, span: inner.x..<inner.maxX)
    }

    /// Whether `Legend` will draw these names in a chart `width` wide (its plot loses about 6 columns to the y axis).
    static func legendFits(_ series: [LineChart.Series], width: Int) -> Bool {
        let w = min(series.map(\.name.count).max() ?? 0, 16) + 3
        return width - 6 >= 2 * w + 4
    }

    /// The chart's series on the log₂ step axis: curves, one-step stubs, teacher levels, then the floor; `values` adds
    /// each series' first value (its 1-step value; a level's own).
    static func series(_ curves: [NamedSeries], floor: Double?, values: Bool) -> [LineChart.Series] {
        let f = NumberFormat.compact
        var out = curves.enumerated().map { i, c -> LineChart.Series in
            let value = values ? c.points.first.map { " " + f($0.y) } ?? "" : ""
            if c.points.count == 1, let p = c.points.first, p.x != 1 {
                let flow = c.name.replacingOccurrences(of: " teacher", with: "")
                return LineChart.Series(name: "\(flow)@\(Int(p.x))\(value)", points: [(0, p.y), (7, p.y)],
                                        pen: Pen(style: .series(i), priority: 1, glyph: "-"))
            }
            var points = c.points.map { (x: log2($0.x), y: $0.y) }
            if points.count == 1 { points.append((points[0].x + 0.25, points[0].y)) }
            return LineChart.Series(name: c.name + value, points: points, index: i, priority: curves.count - i + 1)
        }
        if let fl = floor {
            out.append(LineChart.Series(name: "floor" + (values ? " " + f(fl) : ""), points: [(0, fl), (7, fl)],
                                        pen: Pen(style: .dim, priority: 0, glyph: ".")))
        }
        return out
    }

    /// The chart labels its x axis in log₂ units; rewrite each tick label k on the bottom row as the step count 2^k.
    static func labelStepCounts(in buffer: inout Buffer, row y: Int, span: Range<Int>) {
        var tokens: [(start: Int, end: Int, k: Int)] = []
        var x = span.lowerBound
        while x < span.upperBound {
            guard buffer[x, y].char.isNumber else { x += 1; continue }
            var end = x
            while end < span.upperBound, buffer[end, y].char.isNumber || buffer[end, y].char == "." { end += 1 }
            let text = (x..<end).map { String(buffer[$0, y].char) }.joined()
            guard let k = Int(text), (0...7).contains(k) else { return }
            tokens.append((x, end, k))
            x = end
        }
        for t in tokens {
            for i in t.start..<t.end { buffer.put(i, y, " ", .label) }
        }
        var free = span.lowerBound
        for t in tokens {
            let label = String(1 << t.k)
            let start = min(max(t.start - (label.count - 1) / 2, free), span.upperBound - label.count)
            guard start >= free else { continue }
            buffer.write(label, x: start, y: y, style: .label)
            free = start + label.count + 1
        }
    }
}
