/// Which glyph set plots use; chosen once by the caller from the terminal's capabilities.
enum GlyphMode: Sendable {
    /// 2×4 dots per cell (U+2800 block).
    case braille
    /// 1×2 dots per cell (▀ ▄ █).
    case halfBlock
    /// 1×1 per cell, a glyph per series.
    case ascii

    var dotsPerCell: (x: Int, y: Int) {
        switch self {
        case .braille: return (2, 4)
        case .halfBlock: return (1, 2)
        case .ascii: return (1, 1)
        }
    }

    var isUnicode: Bool { self != .ascii }

    /// The `index`-th glyph of a set spelled twice, for Unicode terminals and for ASCII ones, so each set reads as one line.
    func glyph(_ index: Int, unicode: String, ascii: String) -> Character {
        let set = isUnicode ? unicode : ascii
        return set[set.index(set.startIndex, offsetBy: index)]
    }
}

/// A line's dot pattern, so series read apart without colour.
enum Dash: Int, Sendable, CaseIterable {
    case solid, dashed, dotted, dashDot

    /// On/off runs in dots along the line (braille has 2 dots per column, 4 per row).
    var pattern: [Bool] {
        switch self {
        case .solid: [true]
        case .dashed: [true, true, true, true, false, false]
        case .dotted: [true, false, false]
        case .dashDot: [true, true, true, true, false, false, true, false, false]
        }
    }

    /// Legend sample: ━ solid, ╍ dashed, ┅ dotted, ┉ dash-dot.
    var swatch: Character {
        switch self {
        case .solid: "━"
        case .dashed: "╍"
        case .dotted: "┅"
        case .dashDot: "┉"
        }
    }

    /// The pattern of the n-th series when there is no colour to tell them apart.
    static func series(_ n: Int) -> Dash { allCases[((n % allCases.count) + allCases.count) % allCases.count] }
}

/// How a canvas layer inks its dots: style, priority for the one-colour-per-cell rule, and its ASCII glyph.
struct Pen: Sendable, Equatable {
    var style: Style
    var priority: Int
    var glyph: Character
    /// Dot pattern along lines; nil = solid in colour, the series' own pattern without colour (charts choose).
    var dash: Dash?
    /// An opaque pen clears lower-priority dots from the cells it inks, so a thin line stays readable through a band.
    var opaque: Bool

    init(style: Style, priority: Int = 0, glyph: Character = "*", dash: Dash? = nil, opaque: Bool = false) {
        self.style = style
        self.priority = priority
        self.glyph = glyph
        self.dash = dash
        self.opaque = opaque
    }

    /// Distinct ASCII glyphs for series 0, 1, 2, … (none of them a `Mark` glyph: @ X # H ^ O).
    static let asciiGlyphs: [Character] = ["*", "o", "+", "x", "%", "&", "=", "~"]

    /// Distinct point glyphs for series drawn one per cell when there is no colour (categories in a scatter).
    static let monoGlyphs: [Character] = ["•", "◦", "+", "×", "▪", "▫", "∗", "·"]

    /// The pen of data series `index`.
    static func series(_ index: Int, priority: Int = 0, bold: Bool = false) -> Pen {
        let g = asciiGlyphs[((index % asciiGlyphs.count) + asciiGlyphs.count) % asciiGlyphs.count]
        return Pen(style: .series(index, bold: bold), priority: priority, glyph: g)
    }

    /// This pen with the series' dash pattern filled in when it has none (`monochrome`), else solid.
    func resolved(series n: Int, monochrome: Bool) -> Pen {
        var p = self
        if p.dash == nil { p.dash = monochrome ? Dash.series(n) : .solid }
        return p
    }
}

/// A dot grid in world coordinates over a block of cells; one pen (the highest priority) colours each cell.
struct Canvas: Sendable {
    let mode: GlyphMode
    private(set) var columns: Int
    private(set) var rows: Int
    var xMin: Double, xMax: Double, yMin: Double, yMax: Double
    private var mask: [UInt8]
    /// Per cell, the index into `pens` of the winning pen (0 = none); two bytes per cell keeps frames allocation-light.
    private var owner: [UInt8]
    private var pens: [Pen] = [Canvas.noInk]

    static let noInk = Pen(style: .normal, priority: Int.min, glyph: " ")

    init(mode: GlyphMode, columns: Int, rows: Int, x: ClosedRange<Double> = 0...1, y: ClosedRange<Double> = 0...1) {
        self.mode = mode
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        (xMin, xMax, yMin, yMax) = (x.lowerBound, x.upperBound, y.lowerBound, y.upperBound)
        mask = Array(repeating: 0, count: self.columns * self.rows)
        owner = Array(repeating: 0, count: self.columns * self.rows)
    }

    var dotWidth: Int { columns * mode.dotsPerCell.x }
    var dotHeight: Int { rows * mode.dotsPerCell.y }

    /// Clears every dot, resizing if needed (storage is reused).
    mutating func reset(columns c: Int, rows r: Int) {
        columns = max(0, c)
        rows = max(0, r)
        let n = columns * rows
        if mask.count == n {
            for i in 0..<n { mask[i] = 0; owner[i] = 0 }
        } else {
            mask = Array(repeating: 0, count: n)
            owner = Array(repeating: 0, count: n)
        }
        pens.removeSubrange(1...)
    }

    /// Continuous dot column of world x (0 = first dot centre, dotWidth-1 = last).
    func dotX(_ x: Double) -> Double {
        let span = xMax - xMin
        guard span != 0 else { return Double(dotWidth - 1) / 2 }
        return (x - xMin) / span * Double(dotWidth - 1)
    }

    /// Continuous dot row of world y (0 = top).
    func dotY(_ y: Double) -> Double {
        let span = yMax - yMin
        guard span != 0 else { return Double(dotHeight - 1) / 2 }
        return (yMax - y) / span * Double(dotHeight - 1)
    }

    /// Whether (column, row) of the cell grid holds any dot.
    func isInked(column: Int, row: Int) -> Bool {
        column >= 0 && column < columns && row >= 0 && row < rows && mask[row * columns + column] != 0
    }

    /// Sets one dot in dot space; out-of-range dots are ignored.
    mutating func setDot(_ dx: Int, _ dy: Int, pen: Pen) {
        setDot(dx, dy, ink: index(of: pen))
    }

    /// The pen table slot for `pen` (pens are few; past 255 the last slot is shared).
    private mutating func index(of pen: Pen) -> UInt8 {
        if let i = pens.firstIndex(of: pen) { return UInt8(i) }
        guard pens.count < 256 else { return 255 }
        pens.append(pen)
        return UInt8(pens.count - 1)
    }

    private mutating func setDot(_ dx: Int, _ dy: Int, ink: UInt8) {
        guard dx >= 0, dy >= 0, dx < dotWidth, dy < dotHeight else { return }
        let (px, py) = mode.dotsPerCell
        let cx = dx / px, cy = dy / py
        let i = cy * columns + cx
        let pen = pens[Int(ink)], current = pens[Int(owner[i])]
        if current.opaque && current.priority > pen.priority { return }
        if pen.opaque && pen.priority > current.priority { mask[i] = 0 }
        mask[i] |= Canvas.bit(mode: mode, col: dx - cx * px, row: dy - cy * py)
        if pen.priority >= current.priority { owner[i] = ink }
    }

    /// A world-coordinate point; NaN/Inf and out-of-bounds points are skipped.
    mutating func point(_ x: Double, _ y: Double, pen: Pen) {
        guard x.isFinite, y.isFinite else { return }
        let dx = dotX(x), dy = dotY(y)
        guard dx > -0.5, dy > -0.5, dx < Double(dotWidth) - 0.5, dy < Double(dotHeight) - 0.5 else { return }
        setDot(Int(dx.rounded()), Int(dy.rounded()), pen: pen)
    }

    /// A world-coordinate segment, clipped to the canvas and rasterised with Bresenham in dot space.
    mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, pen: Pen) {
        var phase = 0
        line(x0, y0, x1, y1, pen: pen, phase: &phase)
    }

    /// A segment that continues a dash pattern at `phase` (dots drawn so far along the path), so dashes run across joints.
    private mutating func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, pen: Pen, phase: inout Int) {
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return }
        guard let (a, b) = clip(dotX(x0), dotY(y0), dotX(x1), dotY(y1)) else { return }
        lineDots(Int(a.0.rounded()), Int(a.1.rounded()), Int(b.0.rounded()), Int(b.1.rounded()), ink: index(of: pen),
                 pattern: (pen.dash ?? .solid).pattern, phase: &phase)
    }

    /// A polyline through world points in the pen's dash pattern; non-finite points break nothing, they are skipped.
    mutating func path(_ points: [(x: Double, y: Double)], pen: Pen) {
        var prev: (x: Double, y: Double)?
        var phase = 0
        for p in points where p.x.isFinite && p.y.isFinite {
            if let q = prev {
                // The joint dot was drawn by the previous segment: step back so it is not counted twice.
                if phase > 0 { phase -= 1 }
                line(q.x, q.y, p.x, p.y, pen: pen, phase: &phase)
            } else {
                point(p.x, p.y, pen: pen)
            }
            prev = p
        }
    }

    /// Bresenham between integer dots (inclusive).
    mutating func lineDots(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, pen: Pen) {
        var phase = 0
        lineDots(x0, y0, x1, y1, ink: index(of: pen), pattern: (pen.dash ?? .solid).pattern, phase: &phase)
    }

    private mutating func lineDots(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, ink: UInt8, pattern: [Bool], phase: inout Int) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        let solid = pattern.count == 1
        while true {
            if solid || pattern[phase % pattern.count] { setDot(x, y, ink: ink) }
            phase += 1
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// Liang–Barsky clip of a dot-space segment to the dot grid (with half-dot margins).
    private func clip(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> ((Double, Double), (Double, Double))? {
        let lo = -0.49, hiX = Double(dotWidth) - 0.51, hiY = Double(dotHeight) - 0.51
        guard hiX > lo, hiY > lo else { return nil }
        var t0 = 0.0, t1 = 1.0
        let dx = x1 - x0, dy = y1 - y0
        for (p, q) in [(-dx, x0 - lo), (dx, hiX - x0), (-dy, y0 - lo), (dy, hiY - y0)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return nil }; t0 = max(t0, r) } else { if r < t0 { return nil }; t1 = min(t1, r) }
            }
        }
        return ((x0 + t0 * dx, y0 + t0 * dy), (x0 + t1 * dx, y0 + t1 * dy))
    }

    /// Bit of dot (col, row) within a cell for this mode.
    static func bit(mode: GlyphMode, col: Int, row: Int) -> UInt8 {
        switch mode {
        case .braille: return Braille.bit(col: col, row: row)
        case .halfBlock: return HalfBlock.bit(row: row)
        case .ascii: return 1
        }
    }

    /// Paints inked cells into `area` of the buffer (top-left aligned); empty cells leave what is underneath.
    func paint(into buffer: inout Buffer, area: Rect) {
        let w = min(columns, area.width), h = min(rows, area.height)
        guard w > 0, h > 0 else { return }
        for r in 0..<h {
            for c in 0..<w {
                let i = r * columns + c
                let m = mask[i]
                guard m != 0 else { continue }
                let pen = pens[Int(owner[i])]
                let ch: Character
                switch mode {
                case .braille: ch = Braille.glyph(m)
                case .halfBlock: ch = HalfBlock.glyph(m)
                case .ascii: ch = pen.glyph
                }
                buffer.put(area.x + c, area.y + r, ch, pen.style)
            }
        }
    }
}

extension GlyphMode {
    /// The glyph set to use given the process environment: LAB_GLYPHS=braille|halfblock|ascii wins; otherwise a UTF-8
    /// locale gives braille (half blocks on the Linux console, whose font lacks braille) and anything else ASCII.
    static func preferred(environment env: [String: String]) -> GlyphMode {
        switch env["LAB_GLYPHS"]?.lowercased() {
        case "braille": return .braille
        case "halfblock", "half-block", "half": return .halfBlock
        case "ascii": return .ascii
        default: break
        }
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { env[$0] }.first { !$0.isEmpty } ?? ""
        let l = locale.lowercased()
        guard l.contains("utf-8") || l.contains("utf8") else { return .ascii }
        return env["TERM"] == "linux" ? .halfBlock : .braille
    }
}
