import Models

/// Expert-load histogram: one bar per expert (coloured like the scatter's expert categories) and the ideal 1/E line.
struct ExpertLoadPane {
    /// Each expert's share of recent assignments.
    var loads: [Float]
    /// The ideal share, 1/E.
    var reference: Float?
    var focused = false
    var glyphs: GlyphMode = .braille
    var title = "expert load"

    func render(into buffer: inout Buffer, area: Rect) {
        let info = reference.map { "ideal \(NumberFormat.compact(Double($0)))" }
        let block = Block(title: title, focused: focused, glyphs: glyphs, info: info)
        let waiting = loads.isEmpty ? "waiting for the first step…" : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        let bars = loads.enumerated().map { BarChart.Bar(label: String($0.offset), value: Double($0.element), style: .series($0.offset)) }
        BarChart(bars: bars, reference: reference.map(Double.init), glyphs: glyphs).render(into: &buffer, area: inner)
    }
}
