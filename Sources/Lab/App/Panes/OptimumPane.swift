import Foundation
import Models

/// Optimal LR per batch on log–log axes, with the fitted small-B line and the SGD, Adam and surge theory curves.
struct OptimumPane {
    let analysis: SweepAnalysis
    let batches: [Int]
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "optimal lr  η*(B)", focused: focused, glyphs: glyphs, info: "x: log₂ B, y: log")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard !analysis.optima.isEmpty else {
            buffer.write("waiting for a full row of learning rates…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        var chart = LineChart(series: series(), yScale: .log, glyphs: glyphs)
        chart.legendShowsLast = false
        chart.render(into: &buffer, area: inner)
    }

    func series() -> [LineChart.Series] {
        let x = { (b: Double) in log2(b) }
        let dense = Self.denseBatches(batches)
        var out = [LineChart.Series(name: "η*", points: analysis.optima.map { (x(Double($0.batch)), $0.lr) },
                                    pen: Pen(style: .highlight, priority: 3, glyph: "o"))]
        if let s = analysis.smallBatchSlope, let c = analysis.smallBatchIntercept {
            let small = dense.filter { $0 <= Double(analysis.smallBatchMax) }
            out.append(.init(name: "slope \(NumberFormat.compact(s))", points: small.map { (x($0), pow(10, c + s * log10($0))) }, index: 0, priority: 2))
        }
        if let t = analysis.sgd { out.append(.init(name: "SGD", points: dense.map { (x($0), t.eta($0)) }, index: 1, priority: 1)) }
        if let t = analysis.adam { out.append(.init(name: "Adam √", points: dense.map { (x($0), t.eta($0)) }, index: 2, priority: 1)) }
        if let t = analysis.surge { out.append(.init(name: "surge", points: dense.map { (x($0), t.eta($0)) }, index: 3, priority: 0)) }
        return out
    }

    /// Eight points per octave between the smallest and largest batch, so theory curves draw smoothly.
    static func denseBatches(_ batches: [Int]) -> [Double] {
        guard let lo = batches.min(), let hi = batches.max(), hi > lo else { return batches.map(Double.init) }
        let a = log2(Double(lo)), b = log2(Double(hi)), n = Int((b - a) * 8)
        return (0...n).map { pow(2, a + (b - a) * Double($0) / Double(n)) }
    }
}

/// The sweep's headline numbers: optimizer and ε, the measured noise scale, fitted slope and knee, progress.
struct SweepStatsRows {
    let optimizer: OptimizerConfig
    let analysis: SweepAnalysis
    let noise: GradientNoise?
    let done: Int
    let total: Int

    func rows() -> [TextPanel.Row] {
        let f = { (v: Double?) in v.map { NumberFormat.compact($0) } ?? "–" }
        var opt = optimizer.kind.label
        if optimizer.kind == .adam { opt += "  ε \(NumberFormat.compact(Double(optimizer.eps)))" }
        var rows: [TextPanel.Row] = [
            .init("optimizer", opt),
            .init("B_simple₀", noise.map { "\(f($0.bSimple))  (tr Σ \(f($0.traceSigma)), |G|² \(f($0.gradSquared)))" } ?? "measuring…"),
            .init("slope", "\(f(analysis.smallBatchSlope)) for B ≤ \(analysis.smallBatchMax)  large-B \(f(analysis.largeBatchSlope))"),
            .init("knee", "\(f(analysis.knee))" + (noise.flatMap { n in analysis.knee.map { "  = \(f($0 / n.bSimple))× B_simple₀ (at init)" } } ?? "")),
            .init("cells", "\(done)/\(total)" + (done == total ? "  done" : ""), style: done == total ? .normal : .highlight),
        ]
        if let a = analysis.adam { rows.append(.init("Adam fit", "κ² \(f(a.kappaSquared))")) }
        return rows
    }
}
