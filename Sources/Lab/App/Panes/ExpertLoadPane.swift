import Models

/// Expert-load histogram: one bar per expert (coloured like the scatter's expert categories) and the ideal 1/E line.
struct ExpertLoadPane {
    /// Each expert's share of recent assignments.
    var loads: [Float]
    /// The ideal share, 1/E.
    var reference: Float?
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let info = reference.map { "ideal \(NumberFormat.compact(Double($0)))" }
        let inner = Block(title: "expert load", focused: focused, glyphs: glyphs, info: info).render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard !loads.isEmpty else {
            buffer.write("waiting for the first step…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let bars = loads.enumerated().map { BarChart.Bar(label: String($0.offset), value: Double($0.element), style: .series($0.offset)) }
        BarChart(bars: bars, reference: reference.map(Double.init), glyphs: glyphs).render(into: &buffer, area: inner)
    }
}
