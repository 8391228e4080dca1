import Models

/// MaxVio = (max load − mean load)/mean load over time: per batch (faint) and over the recent window (bright),
/// with a marker wherever the balancing strategy changed.
struct MaxVioPane {
    var batch: [(x: Double, y: Double)]
    var global: [(x: Double, y: Double)]
    var markers: [LineChart.Marker] = []
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "MaxVio", focused: focused, glyphs: glyphs, info: "0 = balanced")
        let waiting = batch.isEmpty && global.isEmpty ? "waiting for the first step…" : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        LineChart(
            series: [
                LineChart.Series(name: "batch", points: batch, pen: Pen(style: .faint, priority: 0, glyph: ".")),
                LineChart.Series(name: "global", points: global, index: 0, priority: 1),
            ],
            markers: markers,
            glyphs: glyphs
        ).render(into: &buffer, area: inner)
    }
}
