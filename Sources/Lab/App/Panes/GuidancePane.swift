import Models

/// Classifier-free guidance (CFG) beside classifier guidance (CG) against the scale s (mean of both classes): a table of
/// the samples' true class posterior p(c | x), k-NN recall, spread √det Cov and MMD² to the true class, a row per
/// method, at every s beside fresh data's own values; below it p(c|x) and recall of both methods against s on one axis
/// (they share the 0…1 range), the live s a marker. `x` shows the exact models'.
struct GuidancePane {
    let evaluation: Evaluation?
    let scales: [Double]
    var liveScale: Double?
    /// The live picture follows classifier guidance (its rows are highlighted at the live s).
    var liveClassifier = false
    var exact = false
    /// "ema_" when the net's measures are the averaged weights'.
    var netPrefix = ""
    var focused = false
    var glyphs: GlyphMode = .braille

    /// The guides, in row order: (label, name prefix, is classifier guidance).
    static let methods: [(label: String, prefix: String, classifier: Bool)] = [("CFG", "", false), ("CG", CFGMethod.classifierPrefix, true)]
    /// The measures shown, by index in `GuidanceQuality.names`, with their labels (and the chart's shorter one); the
    /// first two are charted.
    static let measures: [(index: Int, label: String, short: String)] = [(0, "p(c|x)", "p(c|x)"), (3, "recall", "rec"), (1, "√det", "√det"),
                                                                         (4, "MMD²", "MMD²")]
    /// Table rows in order of importance: each measure for both methods.
    static let rows = measures.flatMap { m in methods.map { (measure: m, method: $0) } }

    func value(_ index: Int, scale s: Double, prefix: String) -> Double? {
        let tag = GuidanceQuality.tag(scale: s)
        return evaluation?[exact ? GuidanceQuality.names(prefix: prefix, "exact_" + tag)[index] : netPrefix + GuidanceQuality.names(prefix: prefix, tag)[index]]
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "guidance vs scale s · \(exact ? "exact models" : "trained nets")", focused: focused, glyphs: glyphs,
                          info: "CFG and CG · both classes")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard value(0, scale: scales.first ?? 1, prefix: "") != nil else {
            buffer.write("no evaluation yet…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        // From 10 rows on the chart shows; the table keeps p(c|x) and recall (5 rows) and adds a measure pair per 2 rows
        // the chart can spare beyond 12.
        var tableRows = inner.height
        if inner.height >= 10 {
            tableRows = min(5, inner.height - 5)
            while tableRows + 2 <= Self.rows.count + 1 && inner.height - tableRows - 2 >= 12 { tableRows += 2 }
        }
        let (top, rest) = tableRows < inner.height ? inner.splitTop(tableRows) : (inner, Rect.zero)
        renderTable(into: &buffer, area: top)
        if !rest.isEmpty { renderChart(into: &buffer, area: rest) }
    }

    /// One column per scale (the live one highlighted on the live method's rows) and the data's own value last.
    private func renderTable(into buffer: inout Buffer, area: Rect) {
        let f = NumberFormat.compact
        let labelW = 11
        let w = area.width >= labelW + 7 * (scales.count + 1) ? 7 : 6
        var x = area.x + labelW
        buffer.write("s", x: area.x, y: area.y, style: .label, maxWidth: labelW)
        let live = liveScale.flatMap { l in scales.firstIndex { abs($0 - l) < 1e-9 } }
        for (i, s) in scales.enumerated() where x + w <= area.maxX {
            buffer.write(f(s).padded(to: w), x: x, y: area.y, style: i == live ? .highlight : .label)
            x += w
        }
        if x + w <= area.maxX { buffer.write("data", x: x, y: area.y, style: .dim) }
        // Whole pairs only, so each measure shows both methods or neither.
        let shown = min(Self.rows.count, (area.height - 1) / 2 * 2)
        for (r, row) in Self.rows.prefix(shown).enumerated() {
            let y = area.y + 1 + r, m = row.measure
            let liveRow = row.method.classifier == liveClassifier
            buffer.write("\(m.label) \(row.method.label)", x: area.x, y: y, style: .label, maxWidth: labelW)
            var x = area.x + labelW
            for (i, s) in scales.enumerated() where x + w <= area.maxX {
                let text = value(m.index, scale: s, prefix: row.method.prefix).map(f) ?? "—"
                buffer.write(text.padded(to: w), x: x, y: y, style: i == live && liveRow ? .highlight : .normal)
                x += w
            }
            if x + w <= area.maxX, let d = evaluation?[GuidanceQuality.names("data")[m.index]] { buffer.write(f(d), x: x, y: y, style: .dim) }
        }
    }

    /// p(c|x) and recall against s, a series per method and measure (short names keep the legend to one row); classifier
    /// guidance's win shared cells, as CFG's posterior saturates at the top where the others pass.
    private func renderChart(into buffer: inout Buffer, area: Rect) {
        let charted = Self.rows.filter { $0.measure.index == 0 || $0.measure.index == 3 }
        let series = charted.enumerated().map { i, row in
            LineChart.Series(name: "\(row.measure.short) \(row.method.label)",
                             points: scales.compactMap { s in value(row.measure.index, scale: s, prefix: row.method.prefix).map { (s, $0) } },
                             index: i, priority: (row.method.classifier ? 10 : 0) + charted.count - i)
        }
        var chart = LineChart(series: series, markers: liveScale.map { [LineChart.Marker(x: $0, label: "live")] } ?? [], glyphs: glyphs)
        chart.showLegend = area.width >= 30
        chart.legendShowsLast = false
        chart.render(into: &buffer, area: area)
    }
}
