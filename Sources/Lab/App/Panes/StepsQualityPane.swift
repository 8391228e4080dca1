import Foundation
import Models

/// The headline measure (kl, log y) against the number of sampling steps (1…128 on a log₂ axis), one series per method.
struct StepsQualityPane {
    let curves: [NamedSeries]
    var measure = "kl"
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let positive = curves.allSatisfy { $0.points.allSatisfy { $0.y > 0 } }
        let block = Block(title: "\(measure) vs sampling steps", focused: focused, glyphs: glyphs, info: positive ? "log y" : "linear y")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard curves.contains(where: { !$0.points.isEmpty }) else {
            buffer.write("no evaluation yet…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let series = curves.enumerated().map { i, c in
            LineChart.Series(name: c.name, points: c.points.map { (x: log2($0.x), y: $0.y) }, index: i, priority: curves.count - i)
        }
        var chart = LineChart(series: series, yScale: positive ? .log : .linear, glyphs: glyphs)
        chart.xRange = 0...7
        chart.showLegend = inner.width >= 30
        chart.render(into: &buffer, area: inner)
        Self.labelStepCounts(in: &buffer, row: inner.maxY - 1, span: inner.x..<inner.maxX)
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
