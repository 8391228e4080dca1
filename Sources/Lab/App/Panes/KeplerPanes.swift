import Foundation
import Models

/// The orbit: the analytic ellipse (faint), Kepler's-equation body and the integrator's body with their trails.
struct KeplerScenePane {
    let player: FramePlayer<KeplerSimulation>
    let glyphs: GlyphMode
    let focused: Bool

    func render(into buffer: inout Buffer, area: Rect) {
        let f = player.frame
        let sim = player.simulation
        let orbits = f.t / sim.period
        let block = Block(title: "Kepler orbit · e \(String(format: "%.2f", sim.orbit.e))", focused: focused, glyphs: glyphs,
                          info: "frame \(player.cursor) · t \(String(format: "%.2f", f.t)) · \(String(format: "%.2f", orbits)) orbits")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let o = sim.orbit
        let ellipse = (0...180).map { i -> (x: Double, y: Double) in
            let e = 2 * Double.pi * Double(i) / 180
            return (o.a * (cos(e) - o.e), o.semiMinorAxis * sin(e))
        }
        let from = max(player.history.firstIndex, player.cursor - 600)
        let frames = (from...player.cursor).compactMap { player.history[$0] }
        let layers: [ScatterPlot.Layer] = [
            ScatterPlot.Layer(name: "ellipse", shape: .paths([ellipse]), pen: Pen(style: .faint, priority: 0, glyph: ".")),
            ScatterPlot.Layer(name: "Kepler", shape: .paths([frames.map { ($0.kepler.position.x, $0.kepler.position.y) }]), pen: .series(0, priority: 1)),
            ScatterPlot.Layer(name: sim.config.integrator == .verlet ? "Verlet" : "RK4",
                              shape: .paths([frames.map { ($0.integrator.position.x, $0.integrator.position.y) }]), pen: .series(1, priority: 2)),
            ScatterPlot.Layer(name: "focus", shape: .points([(0, 0)]), pen: Pen(style: .highlight, priority: 3, glyph: "*")),
            ScatterPlot.Layer(name: "Kepler now", shape: .points([(f.kepler.position.x, f.kepler.position.y)]),
                              pen: Pen(style: .series(0, bold: true), priority: 4, glyph: "K")),
            ScatterPlot.Layer(name: "integrator now", shape: .points([(f.integrator.position.x, f.integrator.position.y)]),
                              pen: Pen(style: .series(1, bold: true), priority: 5, glyph: "I")),
        ]
        let centre = -o.a * o.e
        let half = 1.12 * o.a
        let aspect = Double(max(inner.width, 1)) / Double(max(2 * inner.height, 1))
        let bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>) = aspect >= 1
            ? (centre - half * aspect...centre + half * aspect, -half...half)
            : (centre - half...centre + half, -half / aspect...half / aspect)
        var plot = ScatterPlot(layers: layers, bounds: bounds, showAxes: true, glyphs: glyphs)
        plot.showLegend = inner.width >= 36
        plot.render(into: &buffer, area: inner)
    }
}

/// Energy and angular-momentum drift of the integrator over the frames so far (relative to the start).
struct KeplerDriftPane {
    let player: FramePlayer<KeplerSimulation>
    let glyphs: GlyphMode
    let focused: Bool

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "drift of \(player.simulation.config.integrator == .verlet ? "velocity Verlet" : "RK4")",
                          focused: focused, glyphs: glyphs, info: "ΔE/|E|, ΔL/|L|")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let from = player.history.firstIndex
        let stride = max(1, (player.cursor - from) / 4000)
        let frames = Swift.stride(from: from, through: player.cursor, by: stride).compactMap { player.history[$0] }
        let chart = LineChart(series: [
            LineChart.Series(name: "energy", points: frames.map { ($0.t, $0.energyDrift) }, index: 0, priority: 1),
            LineChart.Series(name: "ang. mom.", points: frames.map { ($0.t, $0.angularMomentumDrift) }, index: 1),
        ], glyphs: glyphs)
        chart.render(into: &buffer, area: inner)
    }
}

/// Kepler numbers: conservation checks and the phase error against Kepler's equation.
func keplerReadouts(_ player: FramePlayer<KeplerSimulation>) -> [TextPanel.Row] {
    let f = player.frame
    let sim = player.simulation
    let o = sim.orbit
    return [
        .init("frame", "\(player.cursor)  t \(String(format: "%.3f", f.t))  speed ×\(NumberFormat.compact(player.speed))"),
        .init("orbit", "μ \(NumberFormat.compact(o.mu))  a \(NumberFormat.compact(o.a))  e \(String(format: "%.2f", o.e))  period \(String(format: "%.4f", o.period))"),
        .init("integrator", "\(sim.config.integrator == .verlet ? "velocity Verlet" : "RK4")  h = period/\(sim.config.stepsPerPeriod)"),
        .init("energy drift", "\(sci(f.energyDrift))  max \(sci(f.maxEnergyDrift))"),
        .init("ang. mom. drift", sci(f.angularMomentumDrift)),
        .init("vis-viva", "v² vs μ(2/r − 1/a): \(sci(f.visVivaError))"),
        .init("phase error", "\(sci(f.phaseError)) rad"),
        .init("Kepler r", "\(String(format: "%.6f", f.kepler.position.length))  integrator \(String(format: "%.6f", f.integrator.position.length))"),
    ]
}
