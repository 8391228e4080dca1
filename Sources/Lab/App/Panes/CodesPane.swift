import Models

/// DDCM as a codec, live: target points (●), what their indices decode to (○), and the encoder's path from the shared
/// start x_T, at the live K, steps and rule; the title says how many bits each point costs.
struct CodesPane {
    let state: AppState
    let view: DiffusionView

    func render(into buffer: inout Buffer, area: Rect) {
        let snap = state.snapshot
        let sets = Dictionary((snap?.pointSets ?? []).map { ($0.name, $0.points) }, uniquingKeysWith: { a, _ in a })
        let steps = snap?.samplerSteps ?? state.samplerSteps
        let title = "codes · K=\(view.live.codebookSize) · \(view.live.rule.rawValue)"
        let info = "\(Int(view.liveBits(steps: steps))) bits/point"
        let inner = Block(title: title, focused: state.focus == .codes, glyphs: state.glyphs, info: info).render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let targets = sets["targets"], let decoded = sets["decoded"], !targets.isEmpty else {
            buffer.write("encoding…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let (plotArea, footer) = inner.height >= 6 ? inner.splitBottom(1) : (inner, Rect.zero)
        var layers: [ScatterPlot.Layer] = [.data(pairs(snap?.data ?? []))]
        let n = targets.count / 2
        if let flat = sets["paths"], n > 0, flat.count % (2 * n) == 0 {
            let frames = flat.count / (2 * n)
            layers.append(.trajectories((0..<n).map { i in (0..<frames).map { f in (x: Double(flat[2 * (i * frames + f)]), y: Double(flat[2 * (i * frames + f) + 1])) } },
                                        name: "encoder path"))
        }
        // Cell marks read without colour: ● target, ○ decoded, ◉ where the decoding lands in the target's cell.
        let marks = Self.marks(pairs(targets), .dot, .series(2, bold: true), "target") + Self.marks(pairs(decoded), .ring, .series(0, bold: true), "decoded")
        var plot = ScatterPlot(layers: layers, marks: marks, bounds: squareBounds(plotArea, halfExtent: DiffusionSamplesPane.extent(state.dataset)),
                               glyphs: state.glyphs)
        plot.showLegend = plotArea.width >= 30
        plot.render(into: &buffer, area: plotArea)
        if !footer.isEmpty {
            let text = "mean ‖x0 − decoded‖ \(NumberFormat.compact(meanDistance(targets, decoded)))  · from one shared x_T, \(max(steps - 1, 0)) picks"
            buffer.write(text, x: footer.x, y: footer.y, style: .label, maxWidth: footer.width)
        }
    }

    /// One mark per point, the first named for the legend.
    static func marks(_ points: [(x: Double, y: Double)], _ shape: Mark.Shape, _ style: Style, _ name: String) -> [Mark] {
        points.enumerated().map { Mark(x: $0.element.x, y: $0.element.y, shape: shape, style: style, name: $0.offset == 0 ? name : nil) }
    }
}
