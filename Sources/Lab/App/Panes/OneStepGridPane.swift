import Models

/// A grid of small scatters: 1-step samples of each method over faint data, every cell on the same axes (±5.5), each
/// titled with its method and 1-step kl.
struct OneStepGridPane {
    let sets: [NamedPoints]
    let data: [Float]
    /// Each method's latest 1-step headline measure (kl), by name.
    var quality: [String: Double] = [:]
    var measure = "kl"
    /// The method being trained (its cell gets the focused border).
    var selected: String?
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "1-step samples", focused: focused, glyphs: glyphs)
        let waiting = sets.isEmpty ? "no samples yet…" : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        let columns = Self.columns(count: sets.count, area: inner)
        let rows = (sets.count + columns - 1) / columns
        let rowRects = Layout.split(inner, direction: .vertical, constraints: Array(repeating: .fill(1), count: rows))
        for (r, rowRect) in rowRects.enumerated() {
            let cells = Layout.split(rowRect, direction: .horizontal, constraints: Array(repeating: .fill(1), count: columns))
            for (c, cell) in cells.enumerated() where r * columns + c < sets.count {
                render(sets[r * columns + c], into: &buffer, area: cell)
            }
        }
    }

    /// "2-RF · kl 0.52", or the name alone before its first evaluation.
    func title(_ name: String) -> String {
        guard let q = quality[name] else { return name }
        return "\(name) · \(measure) \(NumberFormat.compact(q))"
    }

    /// As many columns as keep cells roughly square (a cell is twice as tall as wide), at least one.
    static func columns(count n: Int, area: Rect) -> Int {
        var best = 1, bestScore = Double.infinity
        for c in 1...max(n, 1) {
            let r = (n + c - 1) / c
            let aspect = Double(area.width / c) / Double(max(2 * (area.height / r), 1))
            let score = abs(aspect - 1)
            if score < bestScore { best = c; bestScore = score }
        }
        return best
    }

    private func render(_ set: NamedPoints, into buffer: inout Buffer, area: Rect) {
        let cell = Block(title: title(set.name), focused: set.name == selected, glyphs: glyphs)
        let inner = cell.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        var plot = ScatterPlot(layers: [.data(pairs(data)), .samples(pairs(set.points))],
                               bounds: squareBounds(inner, halfExtent: 5.5), showAxes: false, glyphs: glyphs)
        plot.showLegend = false
        plot.render(into: &buffer, area: inner)
    }
}
