import Foundation
import Models

/// The latent picture: live data pushed through the flow, over the N(0, I) contours at radius 1, 2 and 3 (39%,
/// 86% and 99% of the prior's mass). A flow that fits maps the 8 modes onto one round Gaussian.
struct LatentPane {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "latent · data through the flow", focused: state.focus == .latent, glyphs: state.glyphs,
                          info: "N(0, I) at 1 2 3")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let z = state.snapshot?.pointSets.first(where: { $0.name == TARFlowMethod.latentName })?.points else {
            buffer.write("encoding…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let contours = [1.0, 2.0, 3.0].map(Self.circle)
        let layers: [ScatterPlot.Layer] = [
            ScatterPlot.Layer(name: "N(0, I)", shape: .paths(contours), pen: Pen(style: .reference, priority: 0, glyph: ".")),
            .samples(pairs(z), name: "data → z"),
        ]
        var plot = ScatterPlot(layers: layers, bounds: squareBounds(inner, halfExtent: 4), glyphs: state.glyphs)
        plot.showLegend = inner.width >= 30
        plot.render(into: &buffer, area: inner)
    }

    /// A circle of radius r about the origin as a closed polyline.
    static func circle(_ r: Double) -> [(x: Double, y: Double)] {
        (0...64).map { k -> (x: Double, y: Double) in
            let a = Double(k) * Double.pi / 32
            return (r * cos(a), r * sin(a))
        }
    }
}
