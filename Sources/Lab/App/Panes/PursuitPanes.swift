import Models

/// The pursuit scene: the closed-form curve (faint), both paths so far, and the two runners now.
struct PursuitScenePane {
    let player: FramePlayer<PursuitSimulation>
    let glyphs: GlyphMode
    let focused: Bool

    func render(into buffer: inout Buffer, area: Rect) {
        let f = player.frame
        let block = Block(title: "pursuit", focused: focused, glyphs: glyphs, info: "frame \(player.cursor) · t \(NumberFormat.compact(f.t)) s")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let c = player.simulation.config
        var layers: [ScatterPlot.Layer] = []
        if let cf = player.simulation.closedForm {
            layers.append(ScatterPlot.Layer(name: "closed form", shape: .paths([cf.curve(points: 200).map { ($0.x, $0.y) }]),
                                            pen: Pen(style: .faint, priority: 0, glyph: ".")))
        }
        let from = max(player.history.firstIndex, player.cursor - 4000)
        let frames = (from...player.cursor).compactMap { player.history[$0] }
        layers.append(ScatterPlot.Layer(name: "pursuer", shape: .paths([frames.map { ($0.pursuer.x, $0.pursuer.y) }]), pen: .series(0, priority: 2)))
        layers.append(ScatterPlot.Layer(name: "target", shape: .paths([frames.map { ($0.target.x, $0.target.y) }]), pen: .series(2, priority: 1)))
        layers.append(ScatterPlot.Layer(name: "now", shape: .points([(f.pursuer.x, f.pursuer.y), (f.target.x, f.target.y)]),
                                        pen: Pen(style: .highlight, priority: 3, glyph: "@")))
        var plot = ScatterPlot(layers: layers, bounds: Self.bounds(c), showAxes: true, glyphs: glyphs)
        plot.showLegend = inner.width >= 40
        plot.render(into: &buffer, area: inner)
    }

    /// A box holding both starts and the whole chase (the capture point, or the target's circle).
    static func bounds(_ c: PursuitConfig) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
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

/// Pursuit numbers: where both are, how far they ran, and the numeric capture beside the closed form.
func pursuitReadouts(_ player: FramePlayer<PursuitSimulation>) -> [TextPanel.Row] {
    let sim = player.simulation
    let r = sim.readout(for: player.frame)
    var rows: [TextPanel.Row] = [
        .init("frame", "\(player.cursor)  t \(fmt(r.t)) s  speed ×\(NumberFormat.compact(player.speed))"),
        .init("ran", "pursuer \(fmt(r.pursuerDistance)) m  target \(fmt(r.targetDistance)) m"),
        .init("gap", "\(fmt(r.gap)) m", style: player.frame.captured ? .highlight : .normal),
        .init("capture", "numeric t \(fmt(r.numericCaptureTime)) s, \(fmt(r.numericCaptureDistance)) m"),
    ]
    if let t = r.closedFormCaptureTime, let d = r.closedFormCaptureDistance {
        rows.append(.init("closed form", "t \(fmt(t)) s, \(fmt(d)) m  (a·k/(v(k²−1)), a·k²/(k²−1))"))
        rows.append(.init("error", "t \(sci(r.captureTimeError)), distance \(sci(r.captureDistanceError))"))
    }
    return rows
}

/// Plain fixed notation for readouts (more digits than axis labels).
func fmt(_ v: Double) -> String { String(format: "%.3f", v) }

/// Scientific notation for small errors.
func sci(_ v: Double?) -> String { v.map { String(format: "%.2e", $0) } ?? "–" }
