/// Grid of values as shaded cells (LR × batch sweeps): a shade ramp plus a heat role per cell (high values bright and
/// dense), axis labels, marked cells and a scale key whose ends the caller can name in the quantity's own units.
struct Heatmap: Sendable {
    var title: String?
    /// values[row][column], row 0 at the top.
    var values: [[Double]]
    var rowLabels: [String] = []
    var columnLabels: [String] = []
    /// Colour range; nil = finite extent of values.
    var range: ClosedRange<Double>?
    var glyphs: GlyphMode = .braille
    var showScale = true
    /// Text at the key's low (sparse, dark) and high (dense, bright) ends; nil = the range's numbers.
    var keyLow: String?
    var keyHigh: String?
    /// Cells drawn as a ◆ (ASCII @) over their shade, e.g. the best learning rate of each batch size; `markNote` explains it in the key.
    var marks: [(row: Int, column: Int)] = []
    var markNote: String?
    /// Written left of the column labels, naming them (e.g. "B").
    var columnCaption: String?

    /// Low to high; blank is kept for cells with no value yet.
    static let unicodeRamp: [Character] = ["░", "▒", "▓", "█"]
    static let asciiRamp: [Character] = [".", ":", "-", "=", "+", "*", "#", "%"]

    static func markGlyph(_ mode: GlyphMode) -> Character { mode.isUnicode ? "◆" : "@" }

    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let rows = values.count, cols = values.map(\.count).max() ?? 0
        var rest = area
        if let title, area.height >= 5, area.width >= 12 {
            let (top, below) = area.splitTop(1)
            buffer.write(title, x: top.x, y: top.y, width: top.width, align: .center, style: .title)
            rest = below
        }
        guard rows > 0, cols > 0 else { return }
        let ramp = glyphs.isUnicode ? Self.unicodeRamp : Self.asciiRamp
        let (lo, hi) = valueRange()
        let hasScale = showScale && rest.height >= 4 && rest.width >= 16
        let hasColLabels = !columnLabels.isEmpty && rest.height >= 3
        var grid = rest.splitBottom(hasScale ? 1 : 0).rest
        if hasColLabels { grid = grid.splitBottom(1).rest }
        let labelW = rowLabels.isEmpty ? 0 : min(rowLabels.map(\.count).max() ?? 0, grid.width / 3)
        grid = grid.inset(left: labelW > 0 ? labelW + 1 : 0)
        guard !grid.isEmpty else { return }

        let cellW = max(1, grid.width / cols), cellH = max(1, grid.height / rows)
        let usedW = min(grid.width, cols * cellW), usedH = min(grid.height, rows * cellH)
        // With fewer screen rows than value rows, a screen row shows the brightest of the rows it covers (so an optimum
        // is never squeezed out); with more, value rows are repeated.
        var bands = (0..<usedH).map { [$0 * rows / usedH] }
        if usedH < rows {
            bands = Array(repeating: [], count: usedH)
            for r in 0..<rows { bands[min(usedH - 1, r * usedH / rows)].append(r) }
        }
        for ty in 0..<usedH {
            for tx in 0..<usedW {
                let c = tx * cols / usedW
                let band = bands[ty].map { c < values[$0].count ? values[$0][c] : .nan }
                let v = band.filter(\.isFinite).max() ?? (band.contains(.infinity) ? .infinity : .nan)
                let (ch, style) = shade(v, lo, hi, ramp)
                buffer.put(grid.x + tx, grid.y + ty, ch, style)
            }
        }
        if labelW > 0 {
            var lastRow = Int.min
            for r in 0..<min(rows, rowLabels.count) {
                let y = grid.y + (r * usedH + usedH / (2 * rows)) / rows
                guard y != lastRow, y < grid.y + usedH else { continue }
                lastRow = y
                buffer.write(rowLabels[r], x: area.x, y: y, width: labelW, align: .right, style: .label)
            }
        }
        for m in marks where m.row >= 0 && m.row < rows && m.column >= 0 && m.column < cols {
            // A value row squeezed out by a short grid still gets its mark, on the screen row that covers it.
            let x0 = m.column * usedW / cols, x1 = max(x0 + 1, (m.column + 1) * usedW / cols)
            let covering = bands.indices.filter { bands[$0].contains(m.row) }
            let y = covering.isEmpty ? 0 : covering[covering.count / 2]
            buffer.put(grid.x + (x0 + x1 - 1) / 2, grid.y + y, Self.markGlyph(glyphs), .now)
        }
        if hasColLabels {
            if let caption = columnCaption, labelW >= caption.count {
                buffer.write(caption, x: area.x, y: grid.y + usedH, width: labelW, align: .right, style: .label)
            }
            let placed = (0..<min(cols, columnLabels.count)).map { c -> (start: Int, text: String) in
                let label = columnLabels[c]
                let x0 = grid.x + c * usedW / cols, w = max(1, (c + 1) * usedW / cols - c * usedW / cols)
                return (min(max(x0 + (w - label.count) / 2, area.x), area.maxX - label.count), label)
            }
            for (start, label) in evenlyThinned(placed, keepLast: true) {
                buffer.write(label, x: start, y: grid.y + usedH, style: .label, clip: area)
            }
        }
        if hasScale {
            let loS = buffer.display(keyLow ?? NumberFormat.compact(lo)), hiS = buffer.display(keyHigh ?? NumberFormat.compact(hi))
            let keyY = grid.y + usedH + (hasColLabels ? 1 : 0)
            let note = markNote.map { "  " + String(Self.markGlyph(glyphs)) + " " + buffer.display($0) } ?? ""
            let core = loS.count + ramp.count + hiS.count + 2
            var x = max(area.x, min(grid.x, area.maxX - core - note.count))
            x += buffer.write(loS + " ", x: x, y: keyY, style: .label, clip: area)
            for (i, ch) in ramp.enumerated() {
                let t = ramp.count > 1 ? Double(i) / Double(ramp.count - 1) : 0
                buffer.put(x, keyY, ch, Style(.heat(Int((t * Double(Style.heatLevels - 1)).rounded()))))
                x += 1
            }
            x += buffer.write(" " + hiS, x: x, y: keyY, style: .label, clip: area)
            if !note.isEmpty, x + note.count <= area.maxX {
                x += buffer.write("  ", x: x, y: keyY)
                buffer.put(x, keyY, Self.markGlyph(glyphs), .now)
                buffer.write(String(note.dropFirst(3)), x: x + 1, y: keyY, style: .label, clip: area)
            }
        }
    }

    /// The fixed range or the finite extent (widened when flat).
    func valueRange() -> (Double, Double) {
        if let r = range { return AxisSpec.widened(r.lowerBound, r.upperBound, log: false) }
        var lo = Double.infinity, hi = -Double.infinity
        for row in values { for v in row where v.isFinite { lo = min(lo, v); hi = max(hi, v) } }
        guard lo <= hi else { return (0, 1) }
        return lo == hi ? (lo, lo + 1) : (lo, hi)
    }

    /// Glyph and heat role for one value; NaN (no value yet) is blank; +∞ (diverged) is '×' or 'x' as a warning.
    private func shade(_ v: Double, _ lo: Double, _ hi: Double, _ ramp: [Character]) -> (Character, Style) {
        if v == .infinity { return (glyphs.isUnicode ? "×" : "x", .warning) }
        guard v.isFinite else { return (" ", .dim) }
        let t = min(1, max(0, (v - lo) / (hi - lo)))
        let ch = ramp[min(ramp.count - 1, Int(t * Double(ramp.count)))]
        return (ch, Style(.heat(Int((t * Double(Style.heatLevels - 1)).rounded()))))
    }
}
