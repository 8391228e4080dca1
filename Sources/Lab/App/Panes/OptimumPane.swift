import Foundation
import Models

/// Optimal LR per batch on log–log axes (x labelled in batch sizes, like the heatmap), with the fitted small-B line, the
/// SGD, Adam and surge theory curves, and vertical lines at the fitted knee and the measured B_simple.
struct OptimumPane {
    let analysis: SweepAnalysis
    let batches: [Int]
    /// Measured gradient noise scale at the start (nil while it is being measured).
    var noise: GradientNoise?
    /// Whether every cell has finished; a slope fitted before that is labelled partial.
    var complete = true
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "optimal lr  η*(B)", focused: focused, glyphs: glyphs, info: "log B, log η")
        let waiting = analysis.optima.isEmpty ? "waiting for a full row of learning rates…" : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        var chart = LineChart(series: series(), markers: markers(), yScale: .log, glyphs: glyphs)
        chart.marks = marks()
        chart.xTicks = batches.map { (log2(Double($0)), String($0)) }
        if let lo = batches.min(), let hi = batches.max(), hi > lo { chart.xRange = log2(Double(lo))...log2(Double(hi)) }
        chart.legendShowsLast = false
        chart.render(into: &buffer, area: inner)
    }

    /// η* joined by a line (its points are `marks`), the fit and the theory curves; colours all distinct from η*'s.
    func series() -> [LineChart.Series] {
        let x = { (b: Double) in log2(b) }
        let dense = Self.denseBatches(batches)
        var out = [LineChart.Series.optima("η* measured", points: analysis.optima.map { (x(Double($0.batch)), $0.lr) }, glyphs: glyphs)]
        if let s = analysis.smallBatchSlope, let c = analysis.smallBatchIntercept {
            let small = dense.filter { $0 <= Double(analysis.smallBatchMax) }
            let name = "slope \(NumberFormat.readout(s))" + (complete ? "" : " partial")
            out.append(.init(name: name, points: small.map { (x($0), pow(10, c + s * log10($0))) }, index: 0, priority: 3))
        }
        if let t = analysis.sgd { out.append(.init(name: "SGD theory", points: dense.map { (x($0), t.eta($0)) }, index: 1, priority: 2)) }
        if let t = analysis.adam { out.append(.init(name: "Adam √B", points: dense.map { (x($0), t.eta($0)) }, index: 3, priority: 1)) }
        if let t = analysis.surge { out.append(.init(name: "surge", points: dense.map { (x($0), t.eta($0)) }, index: 4, priority: 0)) }
        return out
    }

    /// A ● per measured optimum (○ where the best LR was the grid's edge, so the fits leave it out).
    func marks() -> [Mark] {
        analysis.optima.map { Mark.optimum(x: log2(Double($0.batch)), y: $0.lr, atEdge: $0.atEdge) }
    }

    /// The fitted knee and the measured B_simple, where they fall inside the batch range.
    func markers() -> [LineChart.Marker] {
        var out: [LineChart.Marker] = []
        if let k = analysis.knee, k > 0 {
            out.append(.init(x: log2(k), label: "knee \(NumberFormat.readout(k))", kind: .reference, short: "knee"))
        }
        if let n = noise, n.bSimple > 0 {
            out.append(.init(x: log2(n.bSimple), label: "B_simple \(NumberFormat.readout(n.bSimple))", kind: .batch, short: "B_simple"))
        }
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
        let f = { (v: Double?) in NumberFormat.readout(v) }
        var opt = optimizer.kind.label
        if optimizer.kind == .adam { opt += "  ε \(NumberFormat.compact(Double(optimizer.eps)))" }
        let partial = done < total ? "  (partial: \(done)/\(total) cells)" : ""
        var rows: [TextPanel.Row] = [
            .init("optimizer", opt),
            .init("B_simple₀", noise.map { "\(f($0.bSimple))  (tr Σ \(f($0.traceSigma)), |G|² \(f($0.gradSquared)))" } ?? "measuring…"),
            .init("slope", "\(f(analysis.smallBatchSlope)) for B ≤ \(analysis.smallBatchMax)  large-B \(f(analysis.largeBatchSlope))" + partial,
                  style: done < total ? .highlight : .normal),
            .init("knee", "\(f(analysis.knee))" + (noise.flatMap { n in analysis.knee.map { "  = \(f($0 / n.bSimple))× B_simple₀ (at init)" } } ?? "")),
            .init("cells", "\(done)/\(total)" + (done == total ? "  done" : ""), style: done == total ? .normal : .highlight),
        ]
        if let a = analysis.adam { rows.append(.init("Adam fit", "κ² \(f(a.kappaSquared))")) }
        return rows
    }
}
