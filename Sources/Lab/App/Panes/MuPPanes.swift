import Foundation
import Models

/// Full-data loss against log₂ LR after training, one curve per width, for one parametrisation; a ● on each
/// bracketed curve's best LR. Under SP the dots walk left as width grows; under muP they stay in one column.
struct WidthCurvesPane {
    let view: MuPView
    let parametrization: Parametrization
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let spread = view.analysis.spreadSteps(parametrization).map { "spread ×\(1 << $0)" } ?? "log y"
        let block = Block(title: "\(parametrization.label) · loss vs log₂ lr", focused: focused, glyphs: glyphs, info: spread)
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let s = series()
        guard s.contains(where: { !$0.points.isEmpty }) else {
            buffer.write("training the first cells…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        var chart = LineChart(series: s, yScale: .log, glyphs: glyphs)
        let lrs = view.table.grid.log2LRs
        if let lo = lrs.first, let hi = lrs.last, hi > lo {
            chart.xRange = Double(lo)...Double(hi)
            let step = max(1, (hi - lo + 1) / max(2, inner.width / 6))
            chart.xTicks = stride(from: lo, through: hi, by: step).map { (Double($0), String($0)) }
        }
        chart.marks = marks()
        chart.legendShowsLast = false
        chart.render(into: &buffer, area: inner)
    }

    /// One series per width that has results, named by its width (and its best log₂ LR once bracketed).
    func series() -> [LineChart.Series] {
        let g = view.table.grid
        let optima = view.analysis.optima[parametrization] ?? []
        return g.widths.indices.map { wi in
            var s = LineChart.Series(name: "n=\(g.widths[wi])", points: view.table.curve(parametrization, width: wi), index: wi, priority: wi, trace: .line)
            s.legendValue = optima.first { $0.width == g.widths[wi] }.map { "\($0.gridLog2LR)" }
            return s
        }
    }

    /// The best grid LR of every curve whose best is bracketed or whose walk is done (a ring where it is the grid's edge).
    func marks() -> [Mark] {
        (view.analysis.optima[parametrization] ?? []).map {
            Mark.optimum(x: Double($0.gridLog2LR), y: $0.bestLoss, atEdge: $0.atEdge, style: .now)
        }
    }
}

/// The coordinate check: mean |z| of one layer against width (log₂ axis), SP beside muP, after `coordStep` steps.
struct CoordCheckPane {
    let view: MuPView
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let t = view.coordStep
        let when = t == 0 ? "at init" : "after \(t) step\(t == 1 ? "" : "s")"
        let block = Block(title: "coord check · |\(view.coordLayer)| \(when)", focused: focused, glyphs: glyphs,
                          info: "lr \(Self.power(view.config.coordLR))")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let c = view.coords, let l = c.layers.firstIndex(of: view.coordLayer), t < c.steps else {
            buffer.write("measuring…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let x = c.widths.map { log2(Double($0)) }
        let series = MuPGrid.parametrizations.enumerated().map { i, p in
            LineChart.Series(name: p.label, points: Array(zip(x, c.values[p]![t][l])).map { ($0.0, $0.1) }, index: i == 0 ? 1 : 0,
                             priority: i, trace: .line, now: i == 0 ? .cross : .dot)
        }
        var chart = LineChart(series: series, yScale: .log, glyphs: glyphs)
        chart.xTicks = c.widths.map { (log2(Double($0)), String($0)) }
        if let lo = x.first, let hi = x.last, hi > lo { chart.xRange = lo...hi }
        chart.render(into: &buffer, area: inner)
    }
}

extension CoordCheckPane {
    /// 2⁻⁵ for 0.03125; the number itself when it is no power of two.
    static func power(_ v: Float) -> String {
        let e = log2(Double(v))
        guard e == e.rounded() else { return NumberFormat.compact(Double(v)) }
        let sup: [Character: Character] = ["-": "⁻", "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹"]
        return "2" + String(String(Int(e)).map { sup[$0]! })
    }
}

/// The sweep's numbers: best log₂ LR per width for each parametrisation, the spread, the transfer cost, the check.
struct MuPStatsRows {
    let view: MuPView

    func rows() -> [TextPanel.Row] {
        let a = view.analysis, f = NumberFormat.readout
        let widths = view.table.grid.widths
        let cell = { (s: String, i: Int) in s.padding(toLength: max(String(widths[i]).count, 3) + 1, withPad: " ", startingAt: 0) }
        var rows: [TextPanel.Row] = [.init("width", widths.indices.map { cell(String(widths[$0]), $0) }.joined())]
        for p in MuPGrid.parametrizations {
            let optima = a.optima[p] ?? []
            let best = widths.indices.map { i in cell(optima.first { $0.width == widths[i] }.map { String($0.gridLog2LR) } ?? "·", i) }.joined()
            rows.append(.init("\(p.label) log₂lr*", best + (a.spreadSteps(p).map { "×\(1 << $0)" } ?? "")))
        }
        if let lo = widths.min(), let hi = widths.max(), hi > lo {
            let t = MuPGrid.parametrizations.compactMap { p in a.transferRatio(p).map { "\(p.label) \(f($0))×" } }
            if !t.isEmpty { rows.append(.init("\(lo)'s lr*", "@\(hi) " + t.joined(separator: " "))) }
            if let c = view.coords {
                let g = MuPGrid.parametrizations.compactMap { p in
                    c.growth(p, layer: view.coordLayer, t: min(view.coordStep, c.steps - 1), from: lo, to: hi).map { "\(p.label) ×\(f($0))" }
                }
                rows.append(.init("|\(view.coordLayer)| grows", "\(lo)→\(hi) " + g.joined(separator: " ")))
            }
        }
        let t = view.table, finished = t.isComplete
        rows.append(.init("cells", "\(t.done)\(view.config.prune ? "" : "/\(t.grid.count)") · curves \(t.rowsDone)/\(t.grid.rowCount)"
                          + (finished ? " done" : ""), style: finished ? .normal : .highlight))
        let readout = view.config.readoutZeroInit ? "zero" : "×√width_mult"
        rows.append(.init("task", "spiral 2→n→n→3 tanh, Adam, \(view.config.steps) steps, batch \(view.config.batch), base \(view.config.baseWidth), readout \(readout)",
                          style: .dim))
        return rows
    }
}
