/// Vertical bars with eighth-block tops (expert load): a value axis, a dashed reference line, labels under the bars.
struct BarChart: Sendable {
    struct Bar: Sendable {
        var label: String
        var value: Double
        var style: Style

        init(label: String, value: Double, style: Style = .series(0)) {
            self.label = label
            self.value = value
            self.style = style
        }
    }

    var title: String?
    var bars: [Bar]
    /// Horizontal line at this value, e.g. the ideal load 1/E.
    var reference: Double?
    /// Top of the value axis; nil = max of bars and reference.
    var maxValue: Double?
    var glyphs: GlyphMode = .braille
    /// Columns between bars when there is room.
    var gap = 1

    init(title: String? = nil, bars: [Bar], reference: Double? = nil, maxValue: Double? = nil, glyphs: GlyphMode = .braille) {
        self.title = title
        self.bars = bars
        self.reference = reference
        self.maxValue = maxValue
        self.glyphs = glyphs
    }

    static let eighths: [Character] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// Fills for the 1st, 2nd, … bar style: without colour (unicode: the first style keeps eighth blocks) and in ASCII.
    static let unicodeFills: [Character] = ["█", "▒", "▓", "░"]
    static let asciiFills: [Character] = ["#", "%", "=", "+"]

    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        var rest = area
        if let title, area.height >= 6, area.width >= 12 {
            let (top, below) = area.splitTop(1)
            buffer.write(title, x: top.x, y: top.y, width: top.width, align: .center, style: .title)
            rest = below
        }
        let u = glyphs.isUnicode
        let hasLabels = bars.contains { !$0.label.isEmpty } && rest.height >= 4
        let axes = rest.width >= 10 && rest.height >= 3
        let finite = bars.map(\.value).filter(\.isFinite)
        var top = maxValue ?? max(finite.max() ?? 0, reference ?? 0)
        if !(top.isFinite && top > 0) { top = 1 }

        let plotH = rest.height - (axes ? 1 : 0) - (hasLabels ? 1 : 0)
        guard plotH > 0 else { return }
        let ticks = axes ? Ticks.nice(min: 0, max: top, maxCount: max(2, min(6, plotH / 3 + 1))) : []
        var labels = NumberFormat.ticks(ticks)
        if let r = reference, axes { labels.append(NumberFormat.compact(r)) }
        let labelW = axes ? min(labels.map(\.count).max() ?? 1, rest.width / 3) : 0
        let plot = Rect(x: rest.x + labelW + (axes ? 1 : 0), y: rest.y, width: rest.width - labelW - (axes ? 1 : 0), height: plotH)
        guard !plot.isEmpty else { return }

        func rowOf(_ v: Double) -> Int {
            let h = min(max(v / top * Double(plotH), 0), Double(plotH) - 0.001)
            return plot.maxY - 1 - Int(h)
        }
        let refRow = reference.flatMap { $0.isFinite && $0 >= 0 && $0 <= top ? rowOf($0) : nil }
        if let r = refRow {
            for c in plot.x..<plot.maxX { buffer.put(c, r, u ? "╌" : AsciiGlyphs.referenceLine, .reference) }
        }

        // Bars of different styles (e.g. overloaded experts) must differ without colour too: a fill per style.
        var styleOrder: [Style] = []
        for b in bars where !styleOrder.contains(b.style) { styleOrder.append(b.style) }
        let counts = styleOrder.map { st in bars.filter { $0.style == st }.count }
        styleOrder = styleOrder.indices.sorted { counts[$0] > counts[$1] || (counts[$0] == counts[$1] && $0 < $1) }.map { styleOrder[$0] }
        let patterned = !u || buffer.monochrome
        let slot = bars.isEmpty ? 0 : max(1, plot.width / bars.count)
        let g = slot >= 3 ? gap : 0
        let barW = max(1, slot - g)
        let shown = min(bars.count, plot.width / max(1, slot))
        let offset = g > 0 ? (plot.width - shown * slot + g) / 2 : 0
        var nextFree = rest.x
        for i in 0..<shown {
            let bar = bars[i]
            let x0 = plot.x + offset + i * slot
            let kind = styleOrder.firstIndex(of: bar.style) ?? 0
            if bar.value.isFinite, bar.value > 0, top.isFinite, top > 0 {
                if u && (!patterned || kind == 0) {
                    let e = Int((min(bar.value, top) / top * Double(plotH) * 8).rounded())
                    for k in 0..<plotH {
                        let level = min(8, max(0, e - k * 8))
                        guard level > 0 else { break }
                        for c in x0..<min(x0 + barW, plot.maxX) { buffer.put(c, plot.maxY - 1 - k, Self.eighths[level], bar.style) }
                    }
                } else {
                    let fill = (u ? Self.unicodeFills : Self.asciiFills)[kind % Self.asciiFills.count]
                    let n = Int((min(bar.value, top) / top * Double(plotH)).rounded())
                    for k in 0..<n {
                        for c in x0..<min(x0 + barW, plot.maxX) { buffer.put(c, plot.maxY - 1 - k, fill, bar.style) }
                    }
                }
            }
            if hasLabels, !bar.label.isEmpty {
                let n = bar.label.count
                let start = min(max(x0 + barW / 2 - (n - 1) / 2, rest.x), rest.maxX - n)
                if start >= nextFree {
                    buffer.write(bar.label, x: start, y: rest.maxY - 1, style: .label, clip: rest)
                    nextFree = start + n + 1
                }
            }
        }

        guard axes else { return }
        let axisX = plot.x - 1, axisY = plot.maxY
        for r in plot.y..<plot.maxY { buffer.put(axisX, r, u ? "│" : "|", .axis) }
        if axisY < rest.maxY {
            for c in plot.x..<plot.maxX { buffer.put(c, axisY, u ? "─" : "-", .axis) }
            buffer.put(axisX, axisY, u ? "└" : "+", .axis)
        }
        for (v, label) in zip(ticks, labels) where rowOf(v) != refRow {
            let r = rowOf(v)
            buffer.put(axisX, r, u ? "┤" : "+", .axis)
            buffer.write(label, x: rest.x, y: r, width: labelW, align: .right, style: .label)
        }
        if let r = refRow, let v = reference {
            buffer.put(axisX, r, u ? "┤" : "+", .reference)
            buffer.write(NumberFormat.compact(v), x: rest.x, y: r, width: labelW, align: .right, style: .reference)
        }
    }
}
