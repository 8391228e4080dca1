/// A single position drawn as one whole, larger glyph over the dots after everything else: "now", a capture, a focus.
struct Mark: Sendable {
    /// Shapes that read apart without colour; each has an ASCII stand-in.
    enum Shape: Sendable, CaseIterable {
        case dot, cross, diamond, square, triangle, plus, ring

        /// ● ✕ ◆ ■ ▲ ✚ ○, or @ X # H ^ + O in ASCII.
        func glyph(_ mode: GlyphMode) -> Character {
            mode.glyph(Self.allCases.firstIndex(of: self)!, unicode: "●✕◆■▲✚○", ascii: "@X#H^+O")
        }
    }

    var x: Double
    var y: Double
    var shape: Shape = .dot
    var style: Style = .now
    /// Legend entry for this mark alone; nil = not in the legend (e.g. when a series' entry already shows it).
    var name: String?

    /// Draws each finite mark at its cell in `frame`'s plot (clipped to it); later marks win a shared cell, except that a ring
    /// and a dot in one cell become ◉ ("both here": an exact solution and its integrator agreeing).
    static func draw(_ marks: [Mark], frame: ChartFrame, into buffer: inout Buffer) {
        let plot = frame.plot
        var drawn: [Int: Shape] = [:]
        for m in marks where m.x.isFinite && m.y.isFinite {
            let c = frame.column(m.x), r = frame.row(m.y)
            guard plot.contains(x: c, y: r), m.x >= min(frame.xRange.0, frame.xRange.1) - 1e-12,
                  m.x <= max(frame.xRange.0, frame.xRange.1) + 1e-12,
                  m.y >= min(frame.yRange.0, frame.yRange.1) - 1e-12, m.y <= max(frame.yRange.0, frame.yRange.1) + 1e-12 else { continue }
            let key = r * 100_000 + c
            let both: Set<Shape> = [.ring, .dot]
            if let old = drawn[key], old != m.shape, both == [old, m.shape], frame.mode.isUnicode {
                buffer.put(c, r, "◉", m.style)
            } else {
                buffer.put(c, r, m.shape.glyph(frame.mode), m.style)
            }
            drawn[key] = m.shape
        }
    }
}
