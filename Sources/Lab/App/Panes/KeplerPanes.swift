import Foundation
import Models

extension ScenePane {
    /// The orbit: the analytic ellipse (faint, dotted), the Kepler's-equation body's trail (dashed) and the selected
    /// integrator's (solid, on top), each body's position now as a large glyph drawn last (○ exact, ● integrator, ◉ where
    /// they agree to a cell), the focus as ✚.
    static func kepler(_ player: FramePlayer<KeplerSimulation>, glyphs: GlyphMode, focused: Bool) -> ScenePane {
        let f = player.frame
        let sim = player.simulation
        let orbits = f.t / sim.period
        let o = sim.orbit
        let ellipse = (0...180).map { i -> (x: Double, y: Double) in
            let e = 2 * Double.pi * Double(i) / 180
            return (o.a * (cos(e) - o.e), o.semiMinorAxis * sin(e))
        }
        let from = max(player.history.firstIndex, player.cursor - 600)
        let frames = (from...player.cursor).compactMap { player.history[$0] }
        let layers: [ScatterPlot.Layer] = [
            ScatterPlot.Layer(name: "ellipse", shape: .paths([ellipse]), pen: Pen(style: .faint, priority: 0, glyph: ".", dash: .dotted)),
            ScatterPlot.Layer(name: "Kepler eq.", shape: .paths([frames.map { ($0.kepler.position.x, $0.kepler.position.y) }]),
                              pen: Pen(style: .series(0), priority: 1, glyph: "*", dash: .dashed), now: .ring),
            ScatterPlot.Layer(name: sim.config.integrator.name(short: true),
                              shape: .paths([frames.map { ($0.integrator.position.x, $0.integrator.position.y) }]),
                              pen: Pen(style: .series(1, bold: true), priority: 2, glyph: "o", dash: .solid), now: .dot),
        ]
        let half = 1.08 * o.a, centre = -o.a * o.e
        let focus = Mark(x: 0, y: 0, shape: .plus, style: .highlight, name: "focus")
        return ScenePane(block: Block(title: "Kepler orbit · e \(NumberFormat.fixed(sim.orbit.e, decimals: 2))", focused: focused, glyphs: glyphs,
                                      info: "\(NumberFormat.fixed(orbits, decimals: 2)) orbits"),
                         plot: ScatterPlot(layers: layers, marks: [focus], bounds: (centre - half...centre + half, -half...half), glyphs: glyphs))
    }
}

extension OrbitIntegratorKind {
    /// The integrator as the legend ("Verlet") and the drift pane's title ("velocity Verlet") name it.
    func name(short: Bool) -> String {
        self == .verlet ? (short ? "Verlet" : "velocity Verlet") : "RK4"
    }
}

/// Energy and angular-momentum drift of the integrator over the frames so far (relative to the start), with a legend.
struct KeplerDriftPane {
    let player: FramePlayer<KeplerSimulation>
    let glyphs: GlyphMode
    let focused: Bool

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "drift of \(player.simulation.config.integrator.name(short: false))",
                          focused: focused, glyphs: glyphs, info: "relative")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let from = player.history.firstIndex
        let stride = max(1, (player.cursor - from) / 4000)
        let frames = Swift.stride(from: from, through: player.cursor, by: stride).compactMap { player.history[$0] }
        let chart = LineChart(series: [
            LineChart.Series(name: "ΔE/|E|", points: frames.map { ($0.t, $0.energyDrift) }, index: 0, priority: 1),
            LineChart.Series(name: "ΔL/|L|", points: frames.map { ($0.t, $0.angularMomentumDrift) }, index: 1),
        ], glyphs: glyphs)
        chart.render(into: &buffer, area: inner)
    }
}

/// Kepler numbers: conservation checks and the phase error against Kepler's equation (3 significant figures; radii 6,
/// so the two bodies' difference shows).
func keplerReadouts(_ player: FramePlayer<KeplerSimulation>) -> [TextPanel.Row] {
    let f = player.frame
    let sim = player.simulation
    let o = sim.orbit
    let r: (Double, Int) -> String = { NumberFormat.figures($0, $1) }
    return [
        .init("frame", "\(player.cursor)  t \(r(f.t, 3))  speed ×\(NumberFormat.compact(player.speed))"),
        .init("orbit", "μ \(NumberFormat.compact(o.mu))  a \(NumberFormat.compact(o.a))  e \(NumberFormat.fixed(o.e, decimals: 2))  period \(r(o.period, 3))"),
        .init("integrator", "\(sim.config.integrator.name(short: false))  h = period/\(sim.config.stepsPerPeriod)"),
        .init("ΔE/|E|", "\(r(f.energyDrift, 3))  max \(r(f.maxEnergyDrift, 3))"),
        .init("ΔL/|L|", r(f.angularMomentumDrift, 3)),
        .init("vis-viva", "v² − μ(2/r − 1/a)  \(r(f.visVivaError, 3))"),
        .init("phase err", "\(r(f.phaseError, 3)) rad"),
        .init("radius", "Kepler \(r(f.kepler.position.length, 6))  \(sim.config.integrator.name(short: true)) \(r(f.integrator.position.length, 6))"),
    ]
}
