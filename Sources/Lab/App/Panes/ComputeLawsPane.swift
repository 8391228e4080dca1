import Foundation
import Models

/// η_opt(C) and B_opt(C) on log–log axes, one chart each: the optimum of every finished budget (○ where it lies on the
/// grid's edge, so the fit leaves it out), the fitted power law with its exponent's 95% interval, and DeepSeek LLM's
/// exponent drawn through the same centre — only the slopes compare (their C counts tokens of a transformer).
struct ComputeLawsPane {
    let analysis: ComputeAnalysis
    let flops: [Double]
    var complete = true
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "compute-optimal η and B  vs C", focused: focused, glyphs: glyphs, info: "log C, FLOPs")
        let waiting = analysis.optima.isEmpty ? "waiting for a budget's full row of learning rates…" : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        let halves = inner.split(inner.width >= 2 * inner.height * 2 ? .horizontal : .vertical, [.fill(1), .fill(1)])
        chart(name: "η_opt", law: analysis.lrLaw, reference: PowerLaw.deepSeekLR, value: \.lr).render(into: &buffer, area: halves[0])
        chart(name: "B_opt", law: analysis.batchLaw, reference: PowerLaw.deepSeekBatch, value: \.batch).render(into: &buffer, area: halves[1])
    }

    func chart(name: String, law: PowerLaw?, reference: PowerLaw, value: KeyPath<BudgetOptimum, Double>) -> LineChart {
        let x = { (c: Double) in log10(c) }
        let points = analysis.optima.map { (x($0.flops), $0[keyPath: value]) }
        var measured = LineChart.Series.optima(name, points: points, glyphs: glyphs)
        measured.legendValue = ""
        var series = [measured]
        let dense = Self.dense(flops)
        if let law {
            var fit = LineChart.Series(name: "fit C^" + Self.exponent(law, partial: !complete), points: dense.map { (x($0), law($0)) },
                                       pen: Pen(style: .series(0), priority: 3, glyph: "*", dash: .solid))
            fit.legendValue = ""
            series.append(fit)
            // DeepSeek's exponent through the fit's value at the budgets' geometric centre.
            let centre = pow(10, (x(flops.first!) + x(flops.last!)) / 2), anchor = law(centre)
            var ds = LineChart.Series(name: "DeepSeek C^" + String(format: "%.3f", reference.exponent),
                                      points: dense.map { (x($0), anchor * pow($0 / centre, reference.exponent)) },
                                      pen: Self.referencePen)
            ds.legendValue = ""
            series.append(ds)
        }
        var chart = LineChart(series: series, yScale: .log, glyphs: glyphs)
        chart.marks = analysis.optima.map { Mark.optimum(x: x($0.flops), y: $0[keyPath: value], atEdge: $0.atEdge) }
        chart.xTicks = flops.map { (x($0), NumberFormat.compact($0)) }
        if let lo = flops.first, let hi = flops.last, hi > lo { chart.xRange = x(lo)...x(hi) }
        chart.legendShowsLast = false
        return chart
    }

    /// DeepSeek's slope is a reference, not a measurement: dim grey (not the optima's yellow), dashed, and ":"
    /// in ASCII, so it reads apart from the measured optima (solid, "+") and the fit (solid, "*") with or without colour.
    static let referencePen = Pen(style: .dim, priority: 2, glyph: ":", dash: .dashed)

    /// "−0.21 [−0.30, −0.12]": the exponent and its 95% interval (none with two budgets).
    static func exponent(_ law: PowerLaw, partial: Bool = false) -> String {
        var s = String(format: "%.2f", law.exponent)
        if let i = law.interval { s += String(format: " [%.2f, %.2f]", i.lowerBound, i.upperBound) }
        return s + (partial ? " partial" : "")
    }

    /// Sixteen points per decade across the budgets.
    static func dense(_ flops: [Double]) -> [Double] {
        guard let lo = flops.first, let hi = flops.last, hi > lo else { return flops }
        let a = log10(lo), b = log10(hi), n = max(2, Int((b - a) * 16))
        return (0...n).map { pow(10, a + (b - a) * Double($0) / Double(n)) }
    }
}

/// The compute sweep's headline numbers: FLOPs per example, progress, both laws beside DeepSeek's, the shown budget.
struct ComputeStatsRows {
    let view: SweepView

    func rows() -> [TextPanel.Row] {
        guard let a = view.compute else { return [] }
        let c = view.config
        let f = { (v: Double) in NumberFormat.readout(v) }
        let law = { (l: PowerLaw?) in l.map { ComputeLawsPane.exponent($0) } ?? "needs 2 interior budgets" }
        let partial = view.done < view.total
        var rows: [TextPanel.Row] = [
            .init("optimizer", c.settings.optimizer.kind.label + "  on \(c.task.kind.rawValue), \(c.flopsPerExample) FLOPs/example (6 × weights)"),
            .init("η_opt law", "C^" + law(a.lrLaw) + "   DeepSeek C^" + String(format: "%.3f", PowerLaw.deepSeekLR.exponent), style: partial ? .highlight : .normal),
            .init("B_opt law", "C^" + law(a.batchLaw) + "   DeepSeek C^" + String(format: "%.3f", PowerLaw.deepSeekBatch.exponent), style: partial ? .highlight : .normal),
        ]
        let shown = c.flops[view.shown], steps = c.budgets[view.shown].budget
        var line = "C \(NumberFormat.compact(shown))  steps \(steps.steps(batch: c.grid.batches.first!))…\(steps.steps(batch: c.grid.batches.last!))"
        if let o = a.optima.first(where: { $0.flops == shown }) { line += "  B_opt \(f(o.batch))  η_opt \(f(o.lr))" }
        rows.append(.init("heatmap", line))
        rows.append(.init("cells", "\(view.done)/\(view.total)  at \(c.flops.count) budgets" + (partial ? "" : "  done"), style: partial ? .highlight : .normal))
        return rows
    }
}
