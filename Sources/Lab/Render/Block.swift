/// Bordered pane with a title in the top edge; the focused pane gets heavy lines so focus shows even without colour.
struct Block: Sendable {
    var title: String?
    var focused: Bool
    var glyphs: GlyphMode
    /// Short text at the right of the top border (e.g. "step 1200").
    var info: String?

    init(title: String? = nil, focused: Bool = false, glyphs: GlyphMode = .braille, info: String? = nil) {
        self.title = title
        self.focused = focused
        self.glyphs = glyphs
        self.info = info
    }

    /// Border pieces: top-left, top, top-right, side, bottom-left, bottom-right.
    private var pieces: (tl: Character, h: Character, tr: Character, v: Character, bl: Character, br: Character) {
        switch (glyphs.isUnicode, focused) {
        case (true, true): return ("┏", "━", "┓", "┃", "┗", "┛")
        case (true, false): return ("╭", "─", "╮", "│", "╰", "╯")
        case (false, true): return ("#", "=", "#", "#", "#", "#")
        case (false, false): return ("+", "-", "+", "|", "+", "+")
        }
    }

    /// The content area inside the border.
    func inner(_ area: Rect) -> Rect { area.width >= 2 && area.height >= 2 ? area.inset(1) : .zero }

    /// Draws the border and title; returns the inner rect for the pane's content.
    @discardableResult
    func render(into buffer: inout Buffer, area: Rect) -> Rect {
        let area = area.intersection(buffer.area)
        guard area.width >= 2, area.height >= 2 else { return .zero }
        let p = pieces
        let border = focused ? Style.focus : Style.dim
        let top = area.y, bottom = area.maxY - 1, left = area.x, right = area.maxX - 1
        for x in left + 1..<right {
            buffer.put(x, top, p.h, border)
            buffer.put(x, bottom, p.h, border)
        }
        for y in top + 1..<bottom {
            buffer.put(left, y, p.v, border)
            buffer.put(right, y, p.v, border)
        }
        buffer.put(left, top, p.tl, border)
        buffer.put(right, top, p.tr, border)
        buffer.put(left, bottom, p.bl, border)
        buffer.put(right, bottom, p.br, border)

        let room = area.width - 2
        var used = 0
        if let title = title.map({ buffer.display($0) }), room >= 3 {
            let t = " " + title.truncated(to: room - 2, ascii: buffer.asciiText) + " "
            used = buffer.write(t, x: left + 1, y: top, style: focused ? .title : Style(.title))
        }
        if let info = info.map({ buffer.display($0) }), room - used - 1 >= info.count + 3 {
            buffer.write(" " + info + " ", x: right - info.count - 2, y: top, style: .dim)
        }
        return area.inset(1)
    }
}

extension Block {
    /// Draws the frame and hands back its inside to draw into; nil when there is no room, or when `waiting` (why there is
    /// nothing to show yet) was written there dimmed instead, so panes say it alike.
    func content(into buffer: inout Buffer, area: Rect, waiting: String?) -> Rect? {
        let inner = render(into: &buffer, area: area)
        guard !inner.isEmpty else { return nil }
        if let waiting {
            buffer.write(waiting, x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return nil
        }
        return inner
    }
}
