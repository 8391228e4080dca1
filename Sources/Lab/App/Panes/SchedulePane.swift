import Models

/// The schedule pitfall (tiny-diffusion issue #4) on `line` with the exact denoiser: T = 50 with the 1000-step β range
/// stops at √ᾱ_T ≈ 0.78, so sampling from N(0, I) loses the tails; T = 250 or the cosine schedule keeps them.
/// A table (√ᾱ_T, std of y, share of |y| > 3) beside bars of the tail share against the data's.
struct SchedulePane {
    let evaluation: Evaluation?
    var focused = false
    var glyphs: GlyphMode = .braille

    struct Row {
        var label: String
        var signal: Double?
        var std: Double
        var share: Double
    }

    /// The data's row, then one per schedule (nil before the first evaluation).
    var rows: [Row]? {
        guard let e = evaluation else { return nil }
        let d = SchedulePitfall.names("data")
        guard let ds = e[d.std], let dt = e[d.tail] else { return nil }
        return [Row(label: "data", signal: nil, std: ds, share: dt)] + SchedulePitfall.schedules.compactMap { s in
            let n = SchedulePitfall.names(s.name)
            guard let std = e[n.std], let share = e[n.tail] else { return nil }
            return Row(label: s.label, signal: e[n.signal], std: std, share: share)
        }
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "schedule pitfall · line, exact denoiser", focused: focused, glyphs: glyphs, info: "tails: |y| > 3")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let rows, let data = rows.first else {
            buffer.write("evaluating…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let f = NumberFormat.compact
        let lost = { (r: Row) in r.share < 0.5 * data.share }
        let bars = inner.width >= Self.tableWidth + 2 + 16
        var text = [TextPanel.Row("", "schedule".padded(to: 13) + " √ᾱ_T  std y |y|>3", style: .label)]
        for r in rows {
            let cells = [r.label.padded(to: 13), (r.signal.map(f) ?? "—").padded(to: 6), f(r.std).padded(to: 5), NumberFormat.percent(r.share)]
            text.append(TextPanel.Row("", cells.joined(separator: " ") + (lost(r) && !bars ? "  lost" : ""),
                                      style: lost(r) ? .warning : r.signal == nil ? .dim : .normal))
        }
        let cols = bars ? inner.split(.horizontal, [.fixed(Self.tableWidth), .fill(1)]) : [inner]
        TextPanel(rows: text).render(into: &buffer, area: cols[0])
        guard bars else { return }
        let chart = rows.dropFirst().map { r in BarChart.Bar(label: Self.short(r.label), value: r.share, style: lost(r) ? .warning : .series(0)) }
        BarChart(bars: chart, reference: data.share, maxValue: max(0.3, data.share * 1.2), glyphs: glyphs).render(into: &buffer, area: cols[1].inset(left: 2))
    }

    /// Columns of the table: label, √ᾱ_T, std y, share.
    static let tableWidth = 33

    /// "linear T=250" → "250", "linear T=1000" → "1k", "cosine T=50" → "c50": T, and a c for cosine, under narrow bars.
    static func short(_ label: String) -> String {
        let t = Int(label.filter(\.isNumber)) ?? 0
        return (label.hasPrefix("cosine") ? "c" : "") + (t >= 1000 && t % 1000 == 0 ? "\(t / 1000)k" : "\(t)")
    }
}
