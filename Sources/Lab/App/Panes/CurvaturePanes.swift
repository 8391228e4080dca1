import Models

extension ScenePane {
    /// The curve: the closed form (faint, dotted) where there is one, the integrated curve so far, and where it is now (●).
    static func curvature(_ player: FramePlayer<CurveSimulation>, glyphs: GlyphMode, focused: Bool) -> ScenePane {
        let sim = player.simulation
        var layers: [ScatterPlot.Layer] = []
        let c = sim.config
        if c.closedForm(0) != nil {
            let whole = (0...400).compactMap { c.closedForm(Double($0) / 400 * c.length) }.map { (x: $0.x, y: $0.y) }
            layers.append(ScatterPlot.Layer(name: "closed form", shape: .paths([whole]), pen: Pen(style: .faint, priority: 0, glyph: ".", dash: .dotted)))
        }
        let frames = (player.history.firstIndex...player.cursor).compactMap { player.history[$0] }
        layers.append(ScatterPlot.Layer(name: "integrated", shape: .paths([frames.map { ($0.point.x, $0.point.y) }]),
                                        pen: Pen(style: .series(0), priority: 2, glyph: "*", dash: .solid), now: .dot))
        return ScenePane(block: Block(title: "curve from κ(s) = \(formula(c))", focused: focused, glyphs: glyphs,
                                      info: "s \(NumberFormat.readout(player.frame.s)) of \(NumberFormat.compact(c.length))"),
                         plot: ScatterPlot(layers: layers, bounds: bounds(c, frames: frames), glyphs: glyphs))
    }

    /// "s" for the Euler spiral, "1", "1.5·sin(s)", …
    private static func formula(_ c: CurveConfig) -> String {
        let f = NumberFormat.compact
        switch c.profile {
        case .constant: return f(c.kappa0)
        case .linear: return c.slope == 1 ? "s" : "\(f(c.slope))·s"
        case .sine: return "\(f(c.amplitude))·sin(\(c.frequency == 1 ? "" : f(c.frequency) + "·")s)"
        case .affine: return "\(f(c.kappa0)) + \(f(c.slope))·s"
        }
    }

    /// A box around the closed form (or the path so far) with a margin.
    private static func bounds(_ c: CurveConfig, frames: [CurveFrame]) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var pts = frames.map { SIMD2($0.point.x, $0.point.y) }
        pts += (0...100).compactMap { c.closedForm(Double($0) / 100 * c.length) }
        let xs = pts.map(\.x), ys = pts.map(\.y)
        let lo = SIMD2(xs.min() ?? -1, ys.min() ?? -1), hi = SIMD2(xs.max() ?? 1, ys.max() ?? 1)
        let pad = 0.08 * max(hi.x - lo.x, hi.y - lo.y, 1e-9)
        return (lo.x - pad...hi.x + pad, lo.y - pad...hi.y + pad)
    }
}

/// κ(s) as prescribed (line) against the curvature measured from the integrated path (R = |ṙ|³/|ṙ × r̈|, dots).
struct CurvatureChartPane {
    let player: FramePlayer<CurveSimulation>
    let glyphs: GlyphMode
    let focused: Bool

    func render(into buffer: inout Buffer, area: Rect) {
        let inner = Block(title: "curvature along the path", focused: focused, glyphs: glyphs, info: "κ vs s").render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let frames = (player.history.firstIndex...player.cursor).compactMap { player.history[$0] }
        let measured = zip(frames, frames.dropFirst()).compactMap { f, next in next.measuredKappa.map { (x: f.s, y: $0) } }
        var chart = LineChart(series: [
            LineChart.Series(name: "κ(s)", points: frames.map { ($0.s, $0.kappa) }, index: 1, priority: 1, trace: .line),
            LineChart.Series(name: "measured", points: measured, pen: Pen(style: .series(0), priority: 2, glyph: "o", dash: .dotted)),
        ], glyphs: glyphs)
        chart.xRange = 0...player.simulation.config.length
        chart.render(into: &buffer, area: inner)
    }
}

/// Curve numbers: where it is, its heading, the error against the closed form, and κ prescribed vs measured.
func curvatureReadouts(_ player: FramePlayer<CurveSimulation>) -> [TextPanel.Row] {
    let f = player.frame
    let c = player.simulation.config
    let n: (Double, Int) -> String = { NumberFormat.figures($0, $1) }
    var rows: [TextPanel.Row] = [
        .init("frame", "\(player.cursor)  s \(n(f.s, 4))  speed ×\(NumberFormat.compact(player.speed))"),
        .init("position", "x \(n(f.point.x, 6))  y \(n(f.point.y, 6))  θ \(n(f.point.theta, 4))"),
        .init("κ(s)", "\(n(f.kappa, 4))  R = 1/κ \(f.kappa == 0 ? "∞" : n(1 / f.kappa, 4))"),
    ]
    if let previous = player.history[player.cursor - 1], let m = f.measuredKappa {
        rows.append(.init("measured κ", "\(n(m, 6)) at s \(n(previous.s, 4)) (prescribed \(n(previous.kappa, 6)))"))
    }
    if let cf = f.closedForm, let e = f.error {
        rows.append(.init("closed form", "x \(n(cf.x, 6))  y \(n(cf.y, 6))"))
        rows.append(.init("error", "\(NumberFormat.readout(e))  (largest \(NumberFormat.readout(f.maxError)))", style: e < 1e-9 ? .normal : .warning))
    } else {
        rows.append(.init("closed form", "none for \(c.profile.rawValue) κ; RK4 in steps of \(NumberFormat.readout(c.step))"))
    }
    rows.append(.init("method", "θ′ = κ(s), x′ = cos θ, y′ = sin θ; RK4, ds \(NumberFormat.readout(c.step))"))
    return rows
}
