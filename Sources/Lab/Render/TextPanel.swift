/// Aligned key/value readouts (hyper-parameters, metrics). A value too long for its line wraps between its fields (runs
/// separated by two spaces) into free rows below; when rows run out, the panel splits into two columns if that fits
/// everything, and only then cuts values with "…".
struct TextPanel: Sendable {
    struct Row: Sendable {
        var key: String
        var value: String
        var style: Style

        init(_ key: String, _ value: String, style: Style = .normal) {
            self.key = key
            self.value = value
            self.style = style
        }
    }

    var rows: [Row]
    var keyStyle: Style = .label
    /// Narrowest column worth splitting into (two columns only when each gets at least this).
    static let minColumnWidth = 30

    init(rows: [Row], keyStyle: Style = .label) {
        self.rows = rows
        self.keyStyle = keyStyle
    }

    /// One screen line: a key (nil on a continuation line) and a piece of its value.
    struct Line: Equatable, Sendable {
        var key: String?
        var value: String
        var rowIndex: Int
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let shown = rows.map { Row(buffer.display($0.key), buffer.display($0.value), style: $0.style) }
        if let lines = Self.wrapped(shown, width: area.width, height: area.height) {
            draw(lines, shown, into: &buffer, area: area)
            return
        }
        if area.width >= 2 * Self.minColumnWidth + 2, shown.count > 1 {
            let half = (shown.count + 1) / 2
            let w = (area.width - 2) / 2
            let left = Array(shown.prefix(half)), right = Array(shown.dropFirst(half))
            if let a = Self.wrapped(left, width: w, height: area.height), let b = Self.wrapped(right, width: w, height: area.height) {
                draw(a, left, into: &buffer, area: Rect(x: area.x, y: area.y, width: w, height: area.height))
                draw(b, right, into: &buffer, area: Rect(x: area.x + w + 2, y: area.y, width: area.width - w - 2, height: area.height))
                return
            }
        }
        draw(Self.greedy(shown, width: area.width, height: area.height), shown, into: &buffer, area: area, ellipsis: shown.count > area.height)
    }

    private func draw(_ lines: [Line], _ rows: [Row], into buffer: inout Buffer, area: Rect, ellipsis: Bool = false) {
        let keyW = Self.keyWidth(rows, width: area.width)
        for (i, line) in lines.prefix(area.height).enumerated() {
            let y = area.y + i
            if ellipsis, i == area.height - 1 {
                buffer.write(buffer.display("…"), x: area.x, y: y, style: .dim)
                break
            }
            let row = rows[line.rowIndex]
            if row.key.isEmpty {
                buffer.write(line.value, x: area.x, y: y, width: area.width, align: .left, style: row.style)
                continue
            }
            if let key = line.key { buffer.write(key, x: area.x, y: y, width: keyW, align: .left, style: keyStyle) }
            let vx = area.x + keyW + 1
            buffer.write(line.value, x: vx, y: y, width: area.maxX - vx, align: .left, style: row.style)
        }
    }

    /// Keys left-aligned in a column as wide as the longest key, at most half the width.
    static func keyWidth(_ rows: [Row], width: Int) -> Int { min(rows.map(\.key.count).max() ?? 0, width / 2) }

    /// Every row with its value wrapped to the value column, or nil when that needs more than `height` lines or cuts a field.
    static func wrapped(_ rows: [Row], width: Int, height: Int) -> [Line]? {
        let keyW = keyWidth(rows, width: width)
        var out: [Line] = []
        for (i, row) in rows.enumerated() {
            let valueW = row.key.isEmpty ? width : width - keyW - 1
            guard let pieces = wrap(row.value, width: valueW) else { return nil }
            for (k, p) in pieces.enumerated() { out.append(Line(key: k == 0 ? row.key : nil, value: p, rowIndex: i)) }
            if out.count > height { return nil }
        }
        return out
    }

    /// Rows one line each (values cut), wrapping rows in order while spare lines last; past `height`, the rest is dropped.
    static func greedy(_ rows: [Row], width: Int, height: Int) -> [Line] {
        let keyW = keyWidth(rows, width: width)
        var spare = height - rows.count
        var out: [Line] = []
        for (i, row) in rows.enumerated() {
            let valueW = row.key.isEmpty ? width : width - keyW - 1
            if spare > 0, let pieces = wrap(row.value, width: valueW), pieces.count - 1 <= spare {
                spare -= pieces.count - 1
                for (k, p) in pieces.enumerated() { out.append(Line(key: k == 0 ? row.key : nil, value: p, rowIndex: i)) }
            } else {
                out.append(Line(key: row.key, value: row.value, rowIndex: i))
            }
        }
        return out
    }

    /// `value` in lines of at most `width` columns, broken between fields (two-space runs), else between words; nil when a
    /// single word is wider than the line.
    static func wrap(_ value: String, width: Int) -> [String]? {
        guard width > 0 else { return value.isEmpty ? [""] : nil }
        if value.count <= width { return [value] }
        let fields = value.components(separatedBy: "  ").map { $0.trimmingLeadingSpaces() }.filter { !$0.isEmpty }
        var lines: [String] = []
        var current = ""
        for field in fields {
            let parts: [String]
            if field.count <= width {
                parts = [field]
            } else {
                guard let words = wrapWords(field, width: width) else { return nil }
                parts = words
            }
            for (k, part) in parts.enumerated() {
                let sep = k == 0 ? "  " : " "
                if current.isEmpty {
                    current = part
                } else if current.count + sep.count + part.count <= width && k == 0 {
                    current += sep + part
                } else {
                    lines.append(current)
                    current = part
                }
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private static func wrapWords(_ field: String, width: Int) -> [String]? {
        var lines: [String] = []
        var current = ""
        for word in field.split(separator: " ").map(String.init) {
            guard word.count <= width else { return nil }
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

private extension String {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
}
