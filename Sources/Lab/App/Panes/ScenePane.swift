/// A physics demo's scene, framed and drawn alike for every demo: its plot on equal-aspect axes (circles stay round),
/// with a legend where there is room. Each demo says what it shows (`ScenePane.pursuit`, `.kepler`, `.curvature`).
struct ScenePane {
    /// The frame: the demo's title, and its state at the right ("captured", "1.25 orbits").
    var block: Block
    var plot: ScatterPlot

    func render(into buffer: inout Buffer, area: Rect) {
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        var plot = plot
        plot.equalAspect = true
        plot.showLegend = inner.width >= 30
        plot.render(into: &buffer, area: inner)
    }
}
