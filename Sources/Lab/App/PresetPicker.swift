import Models

/// A preset as the picker and `lab presets` list it.
struct PresetEntry: Sendable, Equatable {
    var name: String
    var family: String
    var description: String
}

/// The preset picker (`p`): every preset in one table, grouped by family, the family named once in its own column,
/// so a 120×36 screen holds them all. ↑/↓ (or j/k) choose, enter opens, esc or p closes.
struct PresetPicker: Sendable, Equatable {
    var entries: [PresetEntry]
    var selected: Int

    /// Entries sorted by family (in order of first appearance) and kept in library order within it.
    init(entries: [PresetEntry], current: String) {
        var families: [String] = []
        for e in entries where !families.contains(e.family) { families.append(e.family) }
        self.entries = families.flatMap { f in entries.filter { $0.family == f } }
        selected = self.entries.firstIndex { $0.name == current } ?? 0
    }

    var choice: PresetEntry? { entries.indices.contains(selected) ? entries[selected] : nil }

    /// Handles a key while open: a move, a choice (the preset to open), or closing (nil picker).
    static func handle(_ state: inout AppState, _ key: Key) -> [Effect] {
        guard var p = state.picker else { return [] }
        switch key {
        case .down, .char("j"): p.selected = min(p.entries.count - 1, p.selected + 1)
        case .up, .char("k"): p.selected = max(0, p.selected - 1)
        case .escape, .char("p"), .char("q"):
            state.picker = nil
            return []
        case .enter:
            state.picker = nil
            guard let c = p.choice else { return [] }
            if c.name == state.presetName { return [] }
            return [.openPreset(c.name)]
        default:
            return []
        }
        state.picker = p
        return []
    }

    /// Draws the table centred over the dashboard: family, name, description; the chosen row highlighted.
    func render(into buffer: inout Buffer, area: Rect, glyphs: GlyphMode) {
        let familyW = entries.map(\.family.count).max() ?? 0
        let nameW = entries.map(\.name.count).max() ?? 0
        let descW = entries.map(\.description.count).max() ?? 0
        let wantW = min(area.width, familyW + nameW + descW + 8)
        let wantH = min(area.height, entries.count + 2)
        let box = area.centered(width: wantW, height: wantH)
        buffer.fill(box)
        let title = glyphs.isUnicode ? "presets · ↑↓ enter · esc" : "presets - up/down enter - esc"
        let inner = Block(title: title, focused: true, glyphs: glyphs).render(into: &buffer, area: box).inset(dx: 1, dy: 0)
        guard !inner.isEmpty else { return }
        // Scroll so the chosen row stays visible when the screen is short.
        let first = max(0, min(selected - inner.height / 2, entries.count - inner.height))
        for (row, i) in (first..<min(entries.count, first + inner.height)).enumerated() {
            let e = entries[i]
            let y = inner.y + row
            let style: Style = i == selected ? .highlight : .normal
            let showFamily = i == first || entries[i - 1].family != e.family
            buffer.write(showFamily ? e.family : "", x: inner.x, y: y, width: familyW, align: .left, style: .dim)
            let marker = i == selected ? (glyphs.isUnicode ? "›" : ">") : " "
            buffer.write(marker + e.name, x: inner.x + familyW + 1, y: y, width: nameW + 1, align: .left, style: style)
            let dx = familyW + nameW + 3
            buffer.write(e.description, x: inner.x + dx, y: y, width: max(0, inner.width - dx), align: .left, style: i == selected ? .highlight : .normal)
        }
    }
}
