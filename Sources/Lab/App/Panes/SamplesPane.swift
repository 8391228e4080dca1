import Models

/// The 2D picture: data (faint), ODE trajectories from noise, and where the samples land (bright).
struct SamplesPane {
    let state: AppState
    /// Overrides the title (a race names the run).
    var title: String?
    var focused: Bool?

    init(state: AppState, title: String? = nil, focused: Bool? = nil) {
        self.state = state
        self.title = title
        self.focused = focused
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let steps = state.samplerSteps
        let block = Block(title: title ?? "samples · \(state.dataset.label)", focused: focused ?? (state.focus == .samples), glyphs: state.glyphs,
                          info: "\(steps) Euler step\(steps == 1 ? "" : "s")")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let snap = state.snapshot else {
            buffer.write("sampling…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        var layers: [ScatterPlot.Layer] = [.data(pairs(snap.data))]
        if let tr = snap.trajectories, state.trajectoriesOn {
            let n = tr.count
            let paths = (0..<n).map { i in tr.frames.map { (x: Double($0[2 * i]), y: Double($0[2 * i + 1])) } }
            layers.append(.trajectories(paths))
        }
        let groups = snap.sampleGroups.count == snap.samples.count / 2 && !snap.sampleGroups.isEmpty ? snap.sampleGroups.map(Int.init) : nil
        layers.append(.samples(pairs(snap.samples), categories: groups, name: groups == nil ? "samples" : "by expert"))
        var plot = ScatterPlot(layers: layers, bounds: squareBounds(inner, halfExtent: 5.5), glyphs: state.glyphs)
        plot.showLegend = inner.width >= 30
        plot.render(into: &buffer, area: inner)
    }
}

/// Flat [x0, y0, x1, y1, …] as points.
func pairs(_ flat: [Float]) -> [(x: Double, y: Double)] {
    (0..<(flat.count / 2)).map { (Double(flat[2 * $0]), Double(flat[2 * $0 + 1])) }
}

/// World bounds centred on 0 that keep circles round: terminal cells are about twice as tall as wide.
func squareBounds(_ rect: Rect, halfExtent h: Double) -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
    let aspect = Double(max(rect.width, 1)) / Double(max(2 * rect.height, 1))
    return aspect >= 1 ? (-h * aspect...h * aspect, -h...h) : (-h...h, -h / aspect...h / aspect)
}
