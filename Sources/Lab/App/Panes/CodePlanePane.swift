import Models

/// For d = 2, the latent plane of one path: the live data's encodings (faint), the codes in use (bright) and the dead
/// codes (×); and beside it what the decoder makes of the snapped codes: reconstructions over the data.
struct CodePlanePane {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        let label = state.vqShown ?? ""
        let dead = points(VQPicture.deadCodes + label) ?? []
        let inner = Block(title: "latent · \(label)", focused: state.focus == .codePlane, glyphs: state.glyphs,
                          info: dead.isEmpty ? "d = 2" : "\(dead.count / 2) dead").render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let latent = points(VQPicture.latent + label) else {
            buffer.write("encoding…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let colour = state.vqLabels.firstIndex(of: label) ?? 0
        let used = pairs(points(VQPicture.codes + label) ?? []), deadPoints = pairs(dead)
        var plot = ScatterPlot(layers: [.data(pairs(latent), name: "z")] + [used, deadPoints].map { .data($0) }, equalAspect: true, glyphs: state.glyphs)
        let layers: [ScatterPlot.Layer]
        if state.glyphs.isUnicode {
            // Codes as small marks, so they stand out from the encodings by shape, with or without colour: + used, × dead.
            let (xr, yr) = plot.worldBounds()
            let arm = (x: (xr.1 - xr.0) / Double(max(1, 2 * inner.width)), y: (yr.1 - yr.0) / Double(max(1, 4 * inner.height)))
            layers = [
                .data(pairs(latent), name: "z"),
                ScatterPlot.Layer(name: "dead ×", shape: .paths(deadPoints.flatMap { Self.mark($0, arm, diagonal: true) }),
                                  pen: Pen(style: .warning, priority: 3, glyph: "x")),
                ScatterPlot.Layer(name: "codes +", shape: .paths(used.flatMap { Self.mark($0, arm, diagonal: false) }),
                                  pen: Pen(style: .series(colour, bold: true), priority: 2, glyph: "o")),
            ]
        } else {
            layers = [
                .data(pairs(latent), name: "z"),
                ScatterPlot.Layer(name: "dead", shape: .points(deadPoints), pen: Pen(style: .warning, priority: 3, glyph: "x")),
                ScatterPlot.Layer(name: "codes", shape: .points(used), pen: Pen(style: .series(colour, bold: true), priority: 2, glyph: "o")),
            ]
        }
        plot.layers = layers
        plot.showLegend = inner.width >= 24
        plot.render(into: &buffer, area: inner)
    }

    /// A "+" (or "×") of two strokes one dot long each way around `p`.
    static func mark(_ p: (x: Double, y: Double), _ arm: (x: Double, y: Double), diagonal: Bool) -> [[(x: Double, y: Double)]] {
        diagonal
            ? [[(p.x - arm.x, p.y - arm.y), (p.x + arm.x, p.y + arm.y)], [(p.x - arm.x, p.y + arm.y), (p.x + arm.x, p.y - arm.y)]]
            : [[(p.x - arm.x, p.y), (p.x + arm.x, p.y)], [(p.x, p.y - arm.y), (p.x, p.y + arm.y)]]
    }

    private func points(_ name: String) -> [Float]? { state.snapshot?.pointSets.first { $0.name == name }?.points }
}

/// Reconstructions of the live data by one path (each point replaced by its code's decoding), over the data.
struct ReconstructionPane {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        let label = state.vqShown ?? ""
        let inner = Block(title: "decoded · \(label)", focused: state.focus == .reconstructions, glyphs: state.glyphs,
                          info: state.dataset.label).render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let snap = state.snapshot, let rec = snap.pointSets.first(where: { $0.name == VQPicture.reconstructions + label })?.points else {
            buffer.write("reconstructing…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let colour = state.vqLabels.firstIndex(of: label) ?? 0
        let layers: [ScatterPlot.Layer] = [
            .data(pairs(snap.data)),
            ScatterPlot.Layer(name: "decoded codes", shape: .points(pairs(rec)), pen: Pen(style: .series(colour, bold: true), priority: 2, glyph: "o")),
        ]
        var plot = ScatterPlot(layers: layers, bounds: squareBounds(inner, halfExtent: 5.5), glyphs: state.glyphs)
        plot.showLegend = inner.width >= 30
        plot.render(into: &buffer, area: inner)
    }
}
