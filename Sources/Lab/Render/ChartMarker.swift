extension LineChart {
    /// A labelled vertical line at x: where the optimizer, learning rate, batch size or dataset changed, or a reference value.
    struct Marker: Sendable {
        /// What changed; each kind has its own line glyph and hue, so kinds read apart with or without colour.
        enum Kind: Int, Sendable, CaseIterable {
            case optimizer, learningRate, batch, dataset, reference

            /// ┊ optimizer, ╎ learning rate, ┆ batch, ┃ dataset, │ reference; ASCII : ' ! | |.
            func line(_ mode: GlyphMode) -> Character {
                mode.glyph(rawValue, unicode: "┊╎┆┃│", ascii: ":'!||")
            }

            var style: Style { self == .reference ? .reference : Style(.marker(rawValue)) }
        }

        var x: Double
        var label: String
        var kind: Kind = .optimizer
        /// Shown instead of `label` where the full label does not fit (e.g. "M" for "Muon"); nil = the label's first letter.
        var short: String?
        /// Overrides the kind's colour.
        var style: Style?

    }
}

/// Where marker labels go so none overlap each other, another marker's line, or a blocked rect (the legend).
enum MarkerLabels {
    struct Placement: Sendable, Equatable {
        var index: Int
        var x: Int
        var y: Int
        var text: String
    }

    /// Greedy, left to right: each label goes right of its line (else left) on the first of `rows` rows where it fits, over
    /// no data cell (`occupied`) if any such place exists; then its short form; a label that fits nowhere is dropped (its
    /// line and kind glyph still show). `lines[i]` is marker i's column.
    static func place(lines: [Int], labels: [String], shorts: [String?], plot: Rect, rows: Int, blocked: [Rect] = [],
                      occupied: (Int, Int) -> Bool = { _, _ in false }) -> [Placement] {
        var taken: [Rect] = blocked
        var out: [Placement] = []
        let order = lines.indices.sorted { lines[$0] < lines[$1] || (lines[$0] == lines[$1] && $0 < $1) }
        let lineSet = Set(lines)
        for i in order {
            let col = lines[i]
            var texts = [labels[i]]
            let short = shorts[i] ?? labels[i].first.map(String.init)
            if let s = short, s != labels[i], !s.isEmpty { texts.append(s) }
            search: for overData in [false, true] {
                for text in texts where !text.isEmpty {
                    let n = text.count
                    for r in 0..<max(1, min(rows, plot.height)) {
                        for x in [col + 1, col - n] {
                            let rect = Rect(x: x, y: plot.y + r, width: n, height: 1)
                            guard x >= plot.x, x + n <= plot.maxX else { continue }
                            guard !lineSet.contains(where: { $0 >= x && $0 < x + n }) else { continue }
                            let padded = Rect(x: x - 1, y: rect.y, width: n + 2, height: 1)
                            guard !taken.contains(where: { !$0.intersection(padded).isEmpty }) else { continue }
                            guard overData || !(x..<(x + n)).contains(where: { occupied($0, rect.y) }) else { continue }
                            taken.append(rect)
                            out.append(Placement(index: i, x: x, y: rect.y, text: text))
                            break search
                        }
                    }
                }
            }
        }
        return out.sorted { $0.index < $1.index }
    }
}
