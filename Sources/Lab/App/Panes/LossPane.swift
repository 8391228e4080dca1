import Models

/// Training loss on a log axis: raw (faint) and EMA (bright), with a labelled marker wherever the optimizer changed.
struct LossPane {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "loss", focused: state.focus == .loss, glyphs: state.glyphs, info: "log y")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard !state.loss.raw.isEmpty else {
            buffer.write("waiting for the first step…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        var chart = LineChart(
            series: [
                LineChart.Series(name: "loss", points: state.loss.raw, pen: Pen(style: .faint, priority: 0, glyph: ".")),
                LineChart.Series(name: "EMA", points: state.loss.ema, index: 0, priority: 1),
            ],
            markers: state.switches.map { LineChart.Marker(x: Double($0.step), label: $0.to.label) },
            yScale: .log,
            glyphs: state.glyphs)
        chart.yRange = state.lossRange
        chart.render(into: &buffer, area: inner)
    }
}
