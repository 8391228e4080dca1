import Foundation
import Models

/// DDCM's rate–distortion: mean ‖x0 − decoded‖ of the fixed targets against bits = (T − 1)·log₂K, over K at each step
/// count T, for the nearest-target rule and the paper's dot product (log–log). The live bits are a marker.
struct RateDistortionPane {
    let evaluation: Evaluation?
    let sizes: [Int]
    let steps: [Int]
    var exact = false
    /// "ema_" when the net's measures are the averaged weights'.
    var netPrefix = ""
    var liveBits: Double?
    var focused = false
    var glyphs: GlyphMode = .braille

    /// One series per (rule, steps), points in order of K.
    var series: [NamedSeries] {
        guard let e = evaluation else { return [] }
        return steps.flatMap { s in
            DDCMRule.allCases.map { r in
                NamedSeries(name: "\(r.rawValue) T=\(s)", points: sizes.compactMap { k in
                    e[(exact ? "" : netPrefix) + DDCMMethod.distortionName(rule: r, steps: s, size: k, exact: exact)].map { SIMD2(DDCM.bits(steps: s, size: k), $0) }
                })
            }
        }.filter { !$0.points.isEmpty }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "distortion vs bits · \(exact ? "exact denoiser" : "trained net")", focused: focused, glyphs: glyphs,
                          info: "K = \(sizes.map(String.init).joined(separator: ","))")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let all = series
        guard !all.isEmpty else {
            buffer.write("no evaluation yet…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let positive = all.allSatisfy { $0.points.allSatisfy { $0.y > 0 && $0.x > 0 } }
        // The nearest rule in series 0, 2, 4 and the dot rule in 1, 3, 5: each rule keeps its colours across T.
        let lines = all.enumerated().map { i, c in
            LineChart.Series(name: c.name, points: c.points.map { (x: log10($0.x), y: $0.y) }, index: i, priority: all.count - i)
        }
        var chart = LineChart(series: lines, markers: liveBits.flatMap { $0 > 0 ? [LineChart.Marker(x: log10($0), label: "live")] : nil } ?? [],
                              yScale: positive ? .log : .linear, glyphs: glyphs)
        let bits = all.flatMap { $0.points.map(\.x) }
        chart.xTicks = logTicks([1.0, 10, 100, 1000, 10_000, 100_000].filter { b in bits.contains { $0 >= b / 3 } && bits.contains { $0 <= b * 3 } })
        chart.showLegend = inner.width >= 30
        chart.legendShowsLast = false
        chart.render(into: &buffer, area: inner)
    }
}
