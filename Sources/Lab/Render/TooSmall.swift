/// Replaces the dashboard when the terminal is below the minimum size, saying exactly what is needed.
struct TooSmall: Sendable {
    var needWidth: Int
    var needHeight: Int
    var glyphs: GlyphMode = .braille

    /// "need 80×24, have 20×6" and "q quits" centred; the size split over two lines, or truncated, when it does not fit.
    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.fill(area)
        let times = glyphs.isUnicode ? "×" : "x"
        let need = "need \(needWidth)\(times)\(needHeight)", have = "have \(area.width)\(times)\(area.height)"
        let one = need + ", " + have
        var lines = one.count <= area.width || area.height < 3 ? [one] : [need, have]
        if area.height > lines.count { lines.append("q quits") }
        let top = area.y + (area.height - lines.count) / 2
        for (i, line) in lines.enumerated() {
            buffer.write(line, x: area.x, y: top + i, width: area.width, align: .center, style: i == 0 ? .warning : .dim)
        }
    }
}
