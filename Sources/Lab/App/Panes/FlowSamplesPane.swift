import Models

/// The flow's samples over the data, with each sample's path back through the blocks (`t`), and beside them the same
/// samples after the score-based denoising step when the flow trains on noisy data (σ > 0).
struct FlowSamplesPane {
    let state: AppState
    let sigma: Double
    static let paths = 12

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "samples · \(state.dataset.label)", focused: state.focus == .flowSamples, glyphs: state.glyphs,
                          info: sigma > 0 ? "raw | denoised, σ \(NumberFormat.compact(sigma))" : "inverse flow · σ 0: no denoising")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let snap = state.snapshot else {
            buffer.write("sampling…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let denoised = snap.pointSets.first { $0.name == TARFlowMethod.denoisedName }?.points
        guard sigma > 0, let denoised, inner.width >= 40 else {
            scatter(snap, snap.samples, name: "samples", paths: true, inner, &buffer)
            return
        }
        let halves = inner.split(.horizontal, [.percent(50), .fill(1)])
        scatter(snap, snap.samples, name: "raw", paths: true, halves[0], &buffer)
        scatter(snap, denoised, name: "denoised", paths: false, halves[1], &buffer)
    }

    private func scatter(_ snap: Snapshot, _ points: [Float], name: String, paths: Bool, _ area: Rect, _ buffer: inout Buffer) {
        var layers: [ScatterPlot.Layer] = [.data(pairs(snap.data))]
        if paths, let tr = snap.trajectories, state.trajectoriesOn {
            // Each block moves one coordinate: a path is a staircase, so a few of them say enough.
            let shown = min(tr.count, Self.paths)
            layers.append(.trajectories((0..<shown).map { i in tr.frames.map { (x: Double($0[2 * i]), y: Double($0[2 * i + 1])) } },
                                        name: "through blocks"))
        }
        layers.append(.samples(pairs(points), name: name))
        var plot = ScatterPlot(layers: layers, bounds: squareBounds(area, halfExtent: 5.5), glyphs: state.glyphs)
        plot.showLegend = area.width >= 30
        plot.render(into: &buffer, area: area)
    }
}
