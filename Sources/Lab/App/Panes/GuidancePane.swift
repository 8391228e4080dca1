import Models

/// Classifier-free guidance against the scale s (mean of both classes): a table of the samples' true class posterior
/// p(c | x), spread √det Cov, k-NN recall and MMD² to the true class at every s beside fresh data's own values, and
/// below it the first three against s on one axis (they share the 0…1 range), the live s a marker. `x` shows the
/// exact model's.
struct GuidancePane {
    let evaluation: Evaluation?
    let scales: [Double]
    var liveScale: Double?
    var exact = false
    /// "ema_" when the net's measures are the averaged weights'.
    var netPrefix = ""
    var focused = false
    var glyphs: GlyphMode = .braille

    /// The measures shown, by index in `GuidanceQuality.names`, with their labels.
    static let measures: [(index: Int, label: String)] = [(0, "p(c|x)"), (1, "√det Cov"), (3, "recall"), (4, "MMD²")]

    func value(_ index: Int, scale s: Double) -> Double? {
        let tag = GuidanceQuality.tag(scale: s)
        return evaluation?[exact ? GuidanceQuality.names("exact_" + tag)[index] : netPrefix + GuidanceQuality.names(tag)[index]]
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "guidance vs scale s · \(exact ? "exact denoiser" : "trained net")", focused: focused, glyphs: glyphs,
                          info: "both classes")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard value(0, scale: scales.first ?? 1) != nil else {
            buffer.write("no evaluation yet…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let tableRows = Self.measures.count + 1
        let (top, rest) = inner.height > tableRows + 4 ? inner.splitTop(tableRows) : (inner, Rect.zero)
        renderTable(into: &buffer, area: top)
        if !rest.isEmpty { renderChart(into: &buffer, area: rest) }
    }

    /// One column per scale (the live one highlighted) and the data's own value last.
    private func renderTable(into buffer: inout Buffer, area: Rect) {
        let f = NumberFormat.compact
        let w = 7, labelW = 9
        var x = area.x + labelW
        buffer.write("s", x: area.x, y: area.y, style: .label, maxWidth: labelW)
        let live = liveScale.flatMap { l in scales.firstIndex { abs($0 - l) < 1e-9 } }
        for (i, s) in scales.enumerated() where x + w <= area.maxX {
            buffer.write(f(s).padded(to: w), x: x, y: area.y, style: i == live ? .highlight : .label)
            x += w
        }
        if x + w <= area.maxX { buffer.write("data", x: x, y: area.y, style: .dim) }
        for (r, m) in Self.measures.enumerated() where area.y + 1 + r < area.maxY {
            let y = area.y + 1 + r
            buffer.write(m.label, x: area.x, y: y, style: .label, maxWidth: labelW)
            var x = area.x + labelW
            for (i, s) in scales.enumerated() where x + w <= area.maxX {
                buffer.write((value(m.index, scale: s).map(f) ?? "—").padded(to: w), x: x, y: y, style: i == live ? .highlight : .normal)
                x += w
            }
            if x + w <= area.maxX, let d = evaluation?[GuidanceQuality.names("data")[m.index]] { buffer.write(f(d), x: x, y: y, style: .dim) }
        }
    }

    private func renderChart(into buffer: inout Buffer, area: Rect) {
        let series = Self.measures.prefix(3).enumerated().map { i, m in
            LineChart.Series(name: m.label, points: scales.compactMap { s in value(m.index, scale: s).map { (s, $0) } }, index: i, priority: 3 - i)
        }
        var chart = LineChart(series: series, markers: liveScale.map { [LineChart.Marker(x: $0, label: "live")] } ?? [], glyphs: glyphs)
        chart.showLegend = area.width >= 30
        chart.render(into: &buffer, area: area)
    }
}
