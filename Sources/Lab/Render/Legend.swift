/// The key naming each series by its swatch, placed where the data is not: a free corner of the plot, else a strip above it.
enum Legend {
    struct Entry: Sendable {
        /// A line sample ("━", "╍") or point glyph, drawn in `style`.
        var swatch: String
        /// The series' "now" glyph after the swatch, drawn in the now style ("━●").
        var mark: Character?
        var name: String
        /// The latest value; never cut (the name is cut first).
        var value: String?
        var style: Style

        init(swatch: String, mark: Character? = nil, name: String, value: String? = nil, style: Style) {
            self.swatch = swatch
            self.mark = mark
            self.name = name
            self.value = value
            self.style = style
        }

        var swatchWidth: Int { swatch.count + (mark == nil ? 0 : 1) }
    }

    /// One laid-out legend: its lines (swatch, text) at a common width.
    struct Box: Sendable, Equatable {
        var lines: [Line]
        var width: Int
        var height: Int { lines.count }

        struct Line: Sendable, Equatable {
            var swatch: String
            var mark: Character?
            var text: String
            var style: Style
        }
    }

    /// Entries stacked one per line: names padded to a common width so values line up; names cut (never values) to fit
    /// `maxWidth`; nil when even one-letter names do not fit.
    static func box(_ entries: [Entry], maxWidth: Int) -> Box? {
        guard !entries.isEmpty, maxWidth > 0 else { return nil }
        let swatchW = entries.map(\.swatchWidth).max() ?? 1
        let valueW = entries.map { $0.value?.count ?? 0 }.max() ?? 0
        let fullName = entries.map(\.name.count).max() ?? 0
        let gap = valueW > 0 ? 1 : 0
        let room = maxWidth - swatchW - 1 - gap - valueW
        let nameW = min(fullName, room)
        guard nameW >= min(1, fullName) else { return nil }
        let lines = entries.map { e -> Box.Line in
            let name = e.value == nil ? e.name.truncated(to: nameW + gap + valueW) : e.name.padded(to: nameW)
            let text = e.value.map { name + String(repeating: " ", count: gap) + $0 } ?? name
            return Box.Line(swatch: e.swatch, mark: e.mark, text: String(repeating: " ", count: swatchW - e.swatchWidth) + text, style: e.style)
        }
        let width = swatchW + 1 + (lines.map(\.text.count).max() ?? 0)
        return Box(lines: lines, width: width)
    }

    /// The first corner of `plot` (top-right, top-left, bottom-right, bottom-left) where a `w`×`h` box plus a one-cell margin
    /// covers no occupied cell and no `avoid` rect; nil when none is free.
    static func freeCorner(width w: Int, height h: Int, in plot: Rect, avoid: [Rect] = [], occupied: (Int, Int) -> Bool) -> Rect? {
        guard w + 1 <= plot.width, h <= plot.height else { return nil }
        let corners = [
            Rect(x: plot.maxX - w, y: plot.y, width: w, height: h),
            Rect(x: plot.x + 1, y: plot.y, width: w, height: h),
            Rect(x: plot.maxX - w, y: plot.maxY - h, width: w, height: h),
            Rect(x: plot.x + 1, y: plot.maxY - h, width: w, height: h),
        ]
        for r in corners {
            let margin = Rect(x: r.x - 1, y: r.y - 1, width: r.width + 2, height: r.height + 2).intersection(plot)
            guard !avoid.contains(where: { !$0.intersection(margin).isEmpty }) else { continue }
            var free = true
            outer: for y in margin.y..<margin.maxY {
                for x in margin.x..<margin.maxX where occupied(x, y) {
                    free = false
                    break outer
                }
            }
            if free { return r }
        }
        return nil
    }

    /// Entries side by side in rows of at most `width` columns ("━ loss 7.68   ━ EMA 8.06"), for a strip outside the plot.
    static func strip(_ entries: [Entry], width: Int) -> [[Box.Line]] {
        var rows: [[Box.Line]] = [[]]
        var used = 0
        for e in entries {
            let text = e.value.map { e.name + " " + $0 } ?? e.name
            let w = e.swatchWidth + 1 + text.count
            if used > 0, used + 3 + w > width {
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(Box.Line(swatch: e.swatch, mark: e.mark, text: text.truncated(to: max(1, width - e.swatchWidth - 1)), style: e.style))
            used += (used > 0 ? 3 : 0) + w
        }
        return rows.filter { !$0.isEmpty }
    }

    /// Draws a box at `rect` over a cleared patch (one blank column to its left keeps it apart from the curves).
    static func draw(_ box: Box, at rect: Rect, into buffer: inout Buffer) {
        for (i, line) in box.lines.enumerated() {
            let y = rect.y + i
            buffer.fill(Rect(x: rect.x - 1, y: y, width: rect.width + 1, height: 1))
            var x = rect.x + buffer.write(line.swatch, x: rect.x, y: y, style: line.style)
            if let m = line.mark {
                buffer.put(x, y, m, .now)
                x += 1
            }
            buffer.write(line.text, x: x + 1, y: y, style: .label, maxWidth: rect.maxX - x - 1)
        }
    }

    /// Draws strip rows from (x, y), entries three columns apart.
    static func drawStrip(_ rows: [[Box.Line]], x: Int, y: Int, width: Int, into buffer: inout Buffer) {
        for (r, row) in rows.enumerated() {
            var cx = x
            for line in row {
                if cx > x { cx += 3 }
                cx += buffer.write(line.swatch, x: cx, y: y + r, style: line.style, maxWidth: x + width - cx)
                if let m = line.mark, cx < x + width {
                    buffer.put(cx, y + r, m, .now)
                    cx += 1
                }
                cx += 1
                cx += buffer.write(line.text, x: cx, y: y + r, style: .label, maxWidth: x + width - cx)
            }
        }
    }
}
