/// Grid of values as shaded cells (LR × batch sweeps): a shade ramp plus a heat role per cell, axis labels and a scale key.
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

    init(title: String? = nil, values: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [], range: ClosedRange<Double>? = nil, glyphs: GlyphMode = .braille) {
        self.title = title
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.range = range
        self.glyphs = glyphs
    }

    static let unicodeRamp: [Character] = [" ", "░", "▒", "▓", "█"]
    static let asciiRamp: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

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
        for ty in 0..<usedH {
            let r = ty * rows / usedH
            for tx in 0..<usedW {
                let c = tx * cols / usedW
                let v = c < values[r].count ? values[r][c] : .nan
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
        if hasColLabels {
            var nextFree = area.x
            for c in 0..<min(cols, columnLabels.count) {
                let label = columnLabels[c]
                let x0 = grid.x + c * usedW / cols, w = max(1, (c + 1) * usedW / cols - c * usedW / cols)
                let start = min(max(x0 + (w - label.count) / 2, area.x), area.maxX - label.count)
                guard start >= nextFree else { continue }
                buffer.write(label, x: start, y: grid.y + usedH, style: .label, clip: area)
                nextFree = start + label.count + 1
            }
        }
        if hasScale {
            let loS = NumberFormat.compact(lo), hiS = NumberFormat.compact(hi)
            var x = grid.x
            let keyY = grid.y + usedH + (hasColLabels ? 1 : 0)
            x += buffer.write(loS + " ", x: x, y: keyY, style: .label, clip: area)
            for (i, ch) in ramp.enumerated() {
                let t = ramp.count > 1 ? Double(i) / Double(ramp.count - 1) : 0
                buffer.put(x, keyY, ch, Style(.heat(Int((t * Double(Style.heatLevels - 1)).rounded()))))
                x += 1
            }
            buffer.write(" " + hiS, x: x, y: keyY, style: .label, clip: area)
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

    /// Glyph and heat role for one value; NaN (no value yet) is blank (unicode) or '?' (ASCII) in a dim style; +∞ (diverged) is '×' or 'x' as a warning.
    private func shade(_ v: Double, _ lo: Double, _ hi: Double, _ ramp: [Character]) -> (Character, Style) {
        if v == .infinity { return (glyphs.isUnicode ? "×" : "x", .warning) }
        guard v.isFinite else { return (glyphs.isUnicode ? " " : "?", .dim) }
        let t = min(1, max(0, (v - lo) / (hi - lo)))
        let ch = ramp[Int((t * Double(ramp.count - 1)).rounded())]
        return (ch, Style(.heat(Int((t * Double(Style.heatLevels - 1)).rounded()))))
    }
}
