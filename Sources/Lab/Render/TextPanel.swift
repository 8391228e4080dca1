/// Aligned key/value readouts (hyper-parameters, metrics) that truncate with … instead of wrapping.
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

    init(rows: [Row], keyStyle: Style = .label) {
        self.rows = rows
        self.keyStyle = keyStyle
    }

    /// Keys left-aligned in a column as wide as the longest key (at most half the area), values after one space.
    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let keyW = min(rows.map(\.key.count).max() ?? 0, area.width / 2)
        for (i, row) in rows.prefix(area.height).enumerated() {
            let y = area.y + i
            if i == area.height - 1, rows.count > area.height {
                buffer.write("…", x: area.x, y: y, style: .dim)
                break
            }
            if row.key.isEmpty {
                buffer.write(row.value, x: area.x, y: y, width: area.width, align: .left, style: row.style)
                continue
            }
            buffer.write(row.key, x: area.x, y: y, width: keyW, align: .left, style: keyStyle)
            let vx = area.x + keyW + 1
            buffer.write(row.value, x: vx, y: y, width: area.maxX - vx, align: .left, style: row.style)
        }
    }
}
