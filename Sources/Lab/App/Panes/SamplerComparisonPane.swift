import Foundation
import Models

/// kl against sampler steps (log–log), one series per sampler of one ε-net (ancestral, DDIM η = 0, PF-ODE Euler and
/// Heun) and ReFlow beside them; `x` shows the same samplers on the exact denoiser, which separates sampler error
/// from model error. The estimator's floor is a dashed line, the live step count a marker.
/// Ticks of a log₁₀ x axis at `values` (data units), labelled compactly ("5", "100", "1k").
func logTicks(_ values: [Double]) -> [(value: Double, label: String)] {
    values.filter { $0 > 0 }.map { (log10($0), NumberFormat.compact($0)) }
}

struct SamplerComparisonPane {
    let curves: [NamedSeries]
    var exact = false
    var floor: Double?
    var liveSteps: Int?
    var focused = false
    var glyphs: GlyphMode = .braille

    /// The series shown: the net's (names without "exact ") or the exact model's, named by sampler.
    var shown: [NamedSeries] {
        curves.filter { $0.name.hasPrefix("exact ") == exact }.map { c in
            var s = c
            s.name = String(c.name.dropFirst(exact ? 6 : 0))
            return s
        }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let series = shown
        let positive = series.allSatisfy { $0.points.allSatisfy { $0.y > 0 } }
        let block = Block(title: "kl vs sampler steps · \(exact ? "exact denoiser" : "trained net")", focused: focused, glyphs: glyphs,
                          info: (positive ? "log–log" : "log x") + " · Heun: 2 evals/step")
        let waiting = series.contains(where: { !$0.points.isEmpty }) ? nil : "no evaluation yet…"
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        var lines = series.enumerated().map { i, c in
            LineChart.Series(name: c.name, points: c.points.map { (x: log10($0.x), y: $0.y) }, index: i, priority: series.count - i)
        }
        let xs = series.flatMap { $0.points.map(\.x) }
        if let floor, floor > 0, let lo = xs.min(), let hi = xs.max() {
            lines.append(LineChart.Series(name: "floor", points: [(log10(lo), floor), (log10(hi), floor)], pen: Pen(style: .dim, priority: 0, glyph: "-")))
        }
        var chart = LineChart(series: lines, markers: liveSteps.map { [LineChart.Marker(x: log10(Double($0)), label: "live")] } ?? [],
                              yScale: positive ? .log : .linear, glyphs: glyphs)
        chart.xTicks = logTicks(Set(xs).sorted())
        chart.showLegend = inner.width >= 30
        chart.render(into: &buffer, area: inner)
    }
}
