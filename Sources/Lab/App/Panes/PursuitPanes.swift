import Models

extension ScenePane {
    /// The pursuit: the closed-form curve (faint, dotted), both paths so far, each runner now as a large glyph drawn
    /// last, and the capture point ✕.
    static func pursuit(_ player: FramePlayer<PursuitSimulation>, glyphs: GlyphMode, focused: Bool) -> ScenePane {
        let f = player.frame
        let sim = player.simulation
        var layers: [ScatterPlot.Layer] = []
        if let cf = sim.closedForm {
            layers.append(ScatterPlot.Layer(name: "closed form", shape: .paths([cf.curve(points: 200).map { ($0.x, $0.y) }]),
                                            pen: Pen(style: .faint, priority: 0, glyph: ".", dash: .dotted)))
        }
        let from = max(player.history.firstIndex, player.cursor - 4000)
        let frames = (from...player.cursor).compactMap { player.history[$0] }
        layers.append(ScatterPlot.Layer(name: "pursuer", shape: .paths([frames.map { ($0.pursuer.x, $0.pursuer.y) }]),
                                        pen: Pen(style: .series(0), priority: 2, glyph: "*", dash: .solid), now: .dot))
        layers.append(ScatterPlot.Layer(name: "target", shape: .paths([frames.map { ($0.target.x, $0.target.y) }]),
                                        pen: Pen(style: .series(1), priority: 1, glyph: "o", dash: .dashed), now: .diamond))
        let capture = Mark(x: sim.capturePoint.x, y: sim.capturePoint.y, shape: .cross, style: f.captured ? .now : .warning, name: "capture")
        return ScenePane(block: Block(title: "pursuit", focused: focused, glyphs: glyphs, info: f.captured ? "captured" : "chasing"),
                         plot: ScatterPlot(layers: layers, marks: [capture], bounds: bounds(sim.config), glyphs: glyphs))
    }

    /// A box holding both starts and the whole chase (the capture point, or the target's circle).
    private static func bounds(_ c: PursuitConfig) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        var xs = [0.0], ys = [0.0, c.a]
        switch c.target {
        case .line:
            xs.append(PursuitClosedForm(a: c.a, k: c.k, v: c.v).capturePoint.x)
        case .circle(let r):
            xs += [-r, r]
            ys.append(2 * r)
        }
        let pad = 0.06 * max(xs.max()! - xs.min()!, ys.max()! - ys.min()!)
        return (xs.min()! - pad...xs.max()! + pad, ys.min()! - pad...ys.max()! + pad)
    }
}

/// Pursuit numbers: where both are, how far they ran, and the numeric capture beside the closed form (6 figures, so the
/// two agree visibly; errors in 3).
func pursuitReadouts(_ player: FramePlayer<PursuitSimulation>) -> [TextPanel.Row] {
    let sim = player.simulation
    let r = sim.readout(for: player.frame)
    let n: (Double, Int) -> String = { NumberFormat.figures($0, $1) }
    var rows: [TextPanel.Row] = [
        .init("frame", "\(player.cursor)  t \(n(r.t, 3)) s  speed ×\(NumberFormat.compact(player.speed))"),
        .init("ran", "pursuer \(n(r.pursuerDistance, 3)) m  target \(n(r.targetDistance, 3)) m"),
        .init("gap", player.frame.captured ? "captured" : "\(n(r.gap, 3)) m", style: player.frame.captured ? .highlight : .normal),
        .init("capture", "numeric t \(n(r.numericCaptureTime, 6)) s  \(n(r.numericCaptureDistance, 6)) m"),
    ]
    if let t = r.closedFormCaptureTime, let d = r.closedFormCaptureDistance {
        rows.append(.init("closed form", "t \(n(t, 6)) s  \(n(d, 6)) m  (a·k/(v(k²−1)), a·k²/(k²−1))"))
        rows.append(.init("error", "t \(NumberFormat.readout(r.captureTimeError))  distance \(NumberFormat.readout(r.captureDistanceError))"))
    }
    return rows
}
