/// Bottom line of key hints on the left and run status on the right; hints drop from the end when space runs out.
struct StatusBar: Sendable {
    struct Hint: Sendable {
        var key: String
        var action: String

        init(_ key: String, _ action: String) {
            self.key = key
            self.action = action
        }
    }

    var hints: [Hint]
    var right: String

    init(hints: [Hint], right: String = "") {
        self.hints = hints
        self.right = right
    }

    /// Renders in the first row of `area`: "space pause  m Muon  q quit ……… step 1200 · 31 it/s".
    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let y = area.y
        buffer.fill(area.row(0))
        let rightW = hints.isEmpty ? min(right.count, area.width) : min(right.count, area.width / 2)
        if rightW > 0 {
            buffer.write(right, x: area.maxX - rightW, y: y, width: rightW, align: .right, style: .dim)
        }
        let limit = area.maxX - (rightW > 0 ? rightW + 2 : 0)
        var x = area.x
        for (i, h) in hints.enumerated() {
            let w = h.key.count + 1 + h.action.count
            let sep = i == 0 ? 0 : 2
            let more = i < hints.count - 1
            let need = sep + w + (more ? 3 : 0)
            guard x + need <= limit || (!more && x + sep + w <= limit) else {
                if x + sep + 1 <= limit { buffer.write("…", x: x + sep, y: y, style: .dim) }
                break
            }
            x += sep
            x += buffer.write(h.key, x: x, y: y, style: .highlight)
            x += 1
            x += buffer.write(h.action, x: x, y: y, style: .label)
        }
    }
}
