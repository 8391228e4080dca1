import Foundation
import Models

/// The compute-optimal batch and LR against compute on log–log axes: B_opt(C) with the noise scale B_noise(C)/3 beside
/// it (the theory's B_opt ≈ B_noise/3, where the sweep measures it) on the larger chart, η_opt(C) on the other. Each
/// budget's optimum is a ● (○ on the grid's edge, left out of the fit), the fitted power law carries its exponent's
/// 95% interval, and DeepSeek LLM's exponent is a slope guide below the fit — only the slopes compare (their C counts
/// tokens of a transformer). Every series has its own colour, dash and ASCII glyph, so each reads apart without colour.
struct ComputeLawsPane {
    let analysis: ComputeAnalysis
    let flops: [Double]
    var complete = true
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "compute-optimal B and η  vs C", focused: focused, glyphs: glyphs, info: "log C, FLOPs")
        let waiting = analysis.optima.isEmpty ? "waiting for a budget's full row of learning rates…" : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        // Side by side when wide or short (stacked in 12 rows, each chart would keep 3 rows of plot), else stacked.
        let halves = inner.split(inner.width >= 2 * inner.height * 2 || inner.height < 16 ? .horizontal : .vertical, [.fill(3), .fill(2)])
        // Small charts name their series without the exponents (the stats strip has them), so the key still fits.
        let short = halves[1].width < 48 || halves[1].height < 6
        batchChart(short: short).render(into: &buffer, area: halves[0])
        chart(name: "η_opt", law: analysis.lrLaw, reference: PowerLaw.deepSeekLR, value: \.lr, short: short).render(into: &buffer, area: halves[1])
    }

    /// B_opt(C), its law and DeepSeek's slope, and B_noise(C)/3 as ◆ where measured.
    func batchChart(short: Bool = false) -> LineChart {
        var c = chart(name: "B_opt", law: analysis.batchLaw, reference: PowerLaw.deepSeekBatch, value: \.batch, short: short)
        let noisy = analysis.optima.filter { $0.noiseScale != nil }
        guard !noisy.isEmpty else { return c }
        let x = { (c: Double) in log10(c) }
        let exponent = short ? "" : analysis.noiseLaw.map { String(format: " C^%.2f", $0.exponent) } ?? ""
        var series = LineChart.Series(name: "B_noise/3" + exponent, points: noisy.map { (x($0.flops), $0.noiseScale! / 3) }, pen: Self.noisePen)
        series.swatch = String(Mark.Shape.diamond.glyph(glyphs))
        series.legendValue = ""
        c.series.insert(series, at: 1)
        c.marks += noisy.map { Mark(x: x($0.flops), y: $0.noiseScale! / 3, shape: .diamond, style: Self.noisePen.style) }
        return c
    }

    func chart(name: String, law: PowerLaw?, reference: PowerLaw, value: KeyPath<BudgetOptimum, Double>, short: Bool = false) -> LineChart {
        let x = { (c: Double) in log10(c) }
        let points = analysis.optima.map { (x($0.flops), $0[keyPath: value]) }
        var measured = LineChart.Series.optima(name, points: points, glyphs: glyphs)
        measured.pen.dash = .solid
        measured.legendValue = ""
        var series = [measured]
        let dense = Self.dense(flops)
        if let law {
            var fit = LineChart.Series(name: short ? "fit" : "fit C^" + Self.exponent(law, partial: !complete), points: dense.map { (x($0), law($0)) },
                                       pen: Self.fitPen)
            fit.legendValue = ""
            series.append(fit)
            // DeepSeek's exponent as a slope guide at half the fit's value at the budgets' geometric centre: parallel
            // to the fit when the slopes agree, and never hidden under it.
            let centre = pow(10, (x(flops.first!) + x(flops.last!)) / 2), anchor = law(centre) / 2
            var ds = LineChart.Series(name: short ? "DeepSeek" : "DeepSeek C^" + String(format: "%.3f", reference.exponent),
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

    /// The fitted law: cyan, dashed, "*" in ASCII (the optima's line is yellow, solid, "+").
    static let fitPen = Pen(style: .series(0), priority: 3, glyph: "*", dash: .dashed)
    /// DeepSeek's slope is a reference, not a measurement: dim grey, dotted, ":" in ASCII.
    static let referencePen = Pen(style: .dim, priority: 2, glyph: ":", dash: .dotted)
    /// B_noise/3: magenta, dash-dot, "%" in ASCII, its budgets marked ◆ (# in ASCII).
    static let noisePen = Pen(style: .series(1), priority: 3, glyph: "%", dash: .dashDot)

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

/// The compute sweep's headline numbers: the task, both laws beside DeepSeek's, B_noise's law and the seed halves where
/// measured, the shown budget, progress and FLOPs per example.
struct ComputeStatsRows {
    let view: SweepView

    func rows() -> [TextPanel.Row] {
        guard let a = view.compute else { return [] }
        let c = view.config
        let f = { (v: Double) in NumberFormat.readout(v) }
        let law = { (l: PowerLaw?) in l.map { ComputeLawsPane.exponent($0) } ?? "needs 2 interior budgets" }
        let partial = view.done < view.total
        var rows: [TextPanel.Row] = [
            .init("optimizer", c.settings.optimizer.kind.label + "  on " + Self.task(c)),
            .init("η_opt law", "C^" + law(a.lrLaw) + "   DeepSeek C^" + String(format: "%.3f", PowerLaw.deepSeekLR.exponent), style: partial ? .highlight : .normal),
            .init("B_opt law", "C^" + law(a.batchLaw) + "   DeepSeek C^" + String(format: "%.3f", PowerLaw.deepSeekBatch.exponent), style: partial ? .highlight : .normal),
        ]
        if let n = a.noiseLaw {
            let ratios = a.optima.filter { !$0.atEdge }.compactMap { p in p.noiseScale.map { log10(p.batch / $0) } }
            let ratio = ratios.isEmpty ? "" : "   B_opt/B_noise " + f(pow(10, ratios.reduce(0, +) / Double(ratios.count))) + " (theory ≈ 1/3)"
            rows.append(.init("B_noise law", "C^" + ComputeLawsPane.exponent(n) + ratio, style: partial ? .highlight : .normal))
        }
        if a.halves.count == 2 {
            rows.append(.init("seed halves", "B_opt " + a.halves.map { "C^" + law($0.analysis.batchLaw) }.joined(separator: "  "),
                              style: partial ? .highlight : .normal))
        }
        let shown = c.flops[view.shown], steps = c.budgets[view.shown].budget
        let running = c.grid.batches.filter { c.runs(batch: $0, budget: view.shown) }
        var line = "C \(NumberFormat.compact(shown))"
        if let lo = running.first, let hi = running.last { line += "  B \(lo)…\(hi)  steps \(steps.steps(batch: lo))…\(steps.steps(batch: hi))" }
        if let o = a.optima.first(where: { $0.flops == shown }) { line += "  B_opt \(f(o.batch))  η_opt \(f(o.lr))" }
        rows.append(.init("heatmap", line))
        rows.append(.init("cells", "\(view.done)/\(view.total)  at \(c.flops.count) budgets, \(c.flopsPerExample) FLOPs/example (6 × weights)" + (partial ? "" : "  done"),
                          style: partial ? .highlight : .normal))
        return rows
    }

    /// The task in a few words: the power-law task with its spectrum, target and noise.
    static func task(_ c: ScalingConfig) -> String {
        guard c.checkpointed else { return c.task.kind.rawValue }
        let t = c.task.powerLaw
        return "powerlaw d \(t.dim) (λ ∝ i^-\(formatNumber(t.spectrumDecay)), λw² ∝ i^-\(formatNumber(t.targetDecay)), σ \(formatNumber(t.noise)))"
    }
}
