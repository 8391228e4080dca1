/// Bottom line: key hints on the left, run status or a notice on the right. Pinned hints ("? help") always show; the
/// status is cut before them, and the other hints drop from the end ("…") before the status is cut.
struct StatusBar: Sendable {
    struct Hint: Sendable, Equatable {
        var key: String
        /// The final label to show, already chosen for the current state ("resume" while paused, "Adam" while on Muon).
        var action: String
        /// Always visible, whatever else must give way.
        var pinned: Bool

        init(_ key: String, _ action: String, pinned: Bool = false) {
            self.key = key
            self.action = action
            self.pinned = pinned
        }

        var width: Int { key.count + 1 + action.count }
    }

    var hints: [Hint]
    var right: String

    init(hints: [Hint], right: String = "") {
        self.hints = hints
        self.right = right
    }

    /// Renders in the first row of `area`: "space pause  m Muon  …  ? help  q quit ……… step 1200 · 31 it/s".
    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let y = area.y
        buffer.fill(area.row(0))
        let shown = hints.map { h in Hint(buffer.display(h.key), buffer.display(h.action), pinned: h.pinned) }
        let pinned = shown.filter(\.pinned)
        let pinnedW = pinned.enumerated().reduce(0) { $0 + $1.element.width + ($1.offset > 0 ? 2 : 0) }
        let status = buffer.display(right)
        // The status gets what the pinned hints leave (two columns apart); the other hints get the rest.
        let statusRoom = max(0, area.width - pinnedW - (pinnedW > 0 ? 2 : 0))
        let statusW = min(status.count, statusRoom)
        if statusW > 0 {
            buffer.write(status, x: area.maxX - statusW, y: y, width: statusW, align: .right, style: .dim)
        }
        let limit = area.maxX - (statusW > 0 ? statusW + 2 : 0)
        let ellipsis = buffer.display("…")
        var x = area.x
        func put(_ h: Hint) {
            if x > area.x { x += 2 }
            x += buffer.write(h.key, x: x, y: y, style: .highlight, clip: area)
            x += 1
            x += buffer.write(h.action, x: x, y: y, style: .label, clip: area)
        }
        let others = shown.filter { !$0.pinned }
        var dropped = false
        for (i, h) in others.enumerated() {
            let sep = x > area.x ? 2 : 0
            let tail = pinnedW + (pinnedW > 0 ? 2 : 0)
            let more = i < others.count - 1
            let need = sep + h.width + tail + (more ? 2 + ellipsis.count : 0)
            guard x + need <= limit || (!more && x + sep + h.width + tail <= limit) else {
                dropped = true
                break
            }
            put(h)
        }
        if dropped, x + (x > area.x ? 2 : 0) + ellipsis.count + (pinnedW > 0 ? 2 + pinnedW : 0) <= limit {
            if x > area.x { x += 2 }
            x += buffer.write(ellipsis, x: x, y: y, style: .dim)
        }
        for h in pinned { put(h) }
    }
}
