/// Centred key reference drawn over whatever is on screen, so help never needs its own layout.
struct HelpOverlay: Sendable {
    var title = "keys"
    var entries: [(key: String, description: String)]
    var footer: String? = "? or esc to close"
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard area.width >= 8, area.height >= 3 else { return }
        let entries = self.entries.map { (key: buffer.display($0.key), description: buffer.display($0.description)) }
        let keyW = entries.map(\.key.count).max() ?? 0
        let descW = entries.map(\.description.count).max() ?? 0
        let footerRows = footer == nil ? 0 : 2
        let wantW = max(keyW + 3 + descW, footer?.count ?? 0, title.count + 4) + 4
        let wantH = entries.count + footerRows + 4
        // A box within a cell or two of the area takes all of it, so no sliver of the screen below peeks out.
        let box = area.centered(width: wantW >= area.width - 2 ? area.width : wantW, height: wantH >= area.height - 2 ? area.height : wantH)
        buffer.fill(box)
        let inner = Block(title: title, focused: true, glyphs: glyphs).render(into: &buffer, area: box).inset(dx: 1, dy: 1)
        guard !inner.isEmpty else { return }
        let kw = min(keyW, inner.width / 2)
        let visible = max(0, inner.height - (footerRows > 0 && inner.height > entries.count ? footerRows : 0))
        for (i, e) in entries.prefix(visible).enumerated() {
            let y = inner.y + i
            buffer.write(e.key, x: inner.x, y: y, width: kw, align: .right, style: .highlight)
            buffer.write(e.description, x: inner.x + kw + 3, y: y, width: inner.maxX - inner.x - kw - 3, align: .left, style: .normal)
        }
        if let footer, inner.height >= entries.count + footerRows {
            buffer.write(footer, x: inner.x, y: inner.maxY - 1, width: inner.width, align: .center, style: .dim)
        }
    }
}
