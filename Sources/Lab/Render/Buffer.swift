/// Horizontal placement of text inside a span.
enum Alignment: Sendable {
    case left
    case center
    case right
}

/// A width × height grid of cells that widgets draw into; the backend diffs consecutive frames.
///
/// The buffer also says what the target terminal can show, so every widget adapts without being told: `asciiText`
/// spells text in ASCII (see `Transliteration`), `monochrome` (NO_COLOR) makes charts tell series apart by dash
/// pattern and glyph instead of hue.
struct Buffer: Equatable, Sendable {
    private(set) var width: Int
    private(set) var height: Int
    private(set) var cells: [Cell]
    /// Text written is transliterated to ASCII (no UTF-8 locale, or `--ascii`).
    var asciiText = false
    /// No colours will be shown (NO_COLOR): series must differ by shape.
    var monochrome = false
    /// When non-nil, charts add the vector form of what they draw (for SVG export); not part of equality.
    var figures: [VectorFigure]?

    static func == (a: Buffer, b: Buffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.asciiText == b.asciiText && a.monochrome == b.monochrome
    }

    init(width: Int, height: Int, asciiText: Bool = false, monochrome: Bool = false) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
        self.asciiText = asciiText
        self.monochrome = monochrome
    }

    /// `s` as it will appear: transliterated when `asciiText`. Measure labels through this before laying them out.
    func display(_ s: String) -> String { asciiText ? Transliteration.ascii(s) : s }

    var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y); reads outside the buffer give a blank, writes outside are ignored.
    subscript(x: Int, y: Int) -> Cell {
        get { x >= 0 && x < width && y >= 0 && y < height ? cells[y * width + x] : .blank }
        set { if x >= 0 && x < width && y >= 0 && y < height { cells[y * width + x] = newValue } }
    }

    /// Resizes (reusing storage) and blanks every cell.
    mutating func reset(width w: Int, height h: Int) {
        width = max(0, w)
        height = max(0, h)
        let n = width * height
        if cells.count == n {
            clear()
        } else {
            cells = Array(repeating: .blank, count: n)
        }
    }

    mutating func clear() {
        for i in cells.indices { cells[i] = .blank }
    }

    mutating func put(_ x: Int, _ y: Int, _ char: Character, _ style: Style = .normal) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        cells[y * width + x] = Cell(asciiText && !char.isASCII ? Transliteration.cell(char) : char, style)
    }

    /// Fills `rect` (clipped to the buffer) with one character and style.
    mutating func fill(_ rect: Rect, char: Character = " ", style: Style = .normal) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        let cell = Cell(char, style)
        for y in r.y..<r.maxY {
            let row = y * width
            for x in r.x..<r.maxX { cells[row + x] = cell }
        }
    }

    /// Writes `string` from (x, y), one column per character, clipped to `clip` and `maxWidth`; returns the columns advanced.
    @discardableResult
    mutating func write(_ string: String, x: Int, y: Int, style: Style = .normal, maxWidth: Int? = nil, clip: Rect? = nil) -> Int {
        let bounds = clip.map { $0.intersection(area) } ?? area
        guard y >= bounds.y, y < bounds.maxY else { return 0 }
        let limit = maxWidth.map { x + max(0, $0) } ?? Int.max
        var cx = x
        for ch in display(string) {
            if cx >= limit { break }
            if cx >= bounds.x && cx < bounds.maxX { cells[y * width + cx] = Cell(ch, style) }
            cx += 1
        }
        return cx - x
    }

    /// Writes `string` aligned inside `width` columns from (x, y), truncating with "…" when too long.
    @discardableResult
    mutating func write(_ string: String, x: Int, y: Int, width w: Int, align: Alignment, style: Style = .normal, clip: Rect? = nil) -> Int {
        guard w > 0 else { return 0 }
        let s = display(string).truncated(to: w, ascii: asciiText)
        let n = s.count
        let pad: Int
        switch align {
        case .left: pad = 0
        case .center: pad = (w - n) / 2
        case .right: pad = w - n
        }
        write(s, x: x + pad, y: y, style: style, clip: clip)
        return pad + n
    }

    /// Cells that differ from `old` (all cells when the sizes differ), in row-major order.
    func diff(from old: Buffer) -> [(x: Int, y: Int, cell: Cell)] {
        var out: [(x: Int, y: Int, cell: Cell)] = []
        let sameSize = old.width == width && old.height == height
        for y in 0..<height {
            for x in 0..<width {
                let i = y * width + x
                if !sameSize || old.cells[i] != cells[i] { out.append((x, y, cells[i])) }
            }
        }
        return out
    }

    /// Characters, rows joined by "\n", trailing spaces kept so layout is exact.
    func text() -> String {
        var s = String()
        s.reserveCapacity(width * height * 3 + height)
        for y in 0..<height {
            if y > 0 { s.append("\n") }
            for x in 0..<width { s.append(cells[y * width + x].char) }
        }
        return s
    }

    /// One code character per cell naming its role (see `Style.code`), rows joined by "\n".
    func styleText() -> String {
        var s = String()
        s.reserveCapacity(width * height + height)
        for y in 0..<height {
            if y > 0 { s.append("\n") }
            for x in 0..<width { s.append(cells[y * width + x].style.code) }
        }
        return s
    }
}
