/// What a chart drew, in its own coordinates, for exporting the screen as vector graphics (SVG): the plot's cell
/// rectangle, the plot-space ranges it maps (log10 for a log axis), and its lines and points.
struct VectorFigure: Sendable {
    struct Line: Sendable {
        var points: [(x: Double, y: Double)]
        var style: Style
        var dash: Dash
    }

    struct Point: Sendable {
        var x: Double
        var y: Double
        var style: Style
        /// Faint data points are drawn smaller than samples.
        var radius: Double
    }

    var plot: Rect
    var xRange: (Double, Double)
    var yRange: (Double, Double)
    var lines: [Line] = []
    var points: [Point] = []
}

extension Buffer {
    /// Charts append what they drew here when it is non-nil (only a figure export turns it on).
    mutating func addFigure(_ f: VectorFigure) {
        figures?.append(f)
    }
}

extension LineChart {
    /// The series as polylines in plot space (non-positive values dropped on a log axis), in the pens' styles.
    func figure(_ frame: ChartFrame, pens: [Pen]) -> VectorFigure {
        let log = yScale == .log
        var f = VectorFigure(plot: frame.plot, xRange: frame.xRange, yRange: frame.yRange)
        for (s, pen) in zip(series, pens) {
            let pts = s.points.compactMap { p -> (x: Double, y: Double)? in
                guard p.x.isFinite, p.y.isFinite, !log || p.y > 0 else { return nil }
                return (p.x, log ? log10Value(p.y) : p.y)
            }
            if pts.count == 1 {
                f.points.append(.init(x: pts[0].x, y: pts[0].y, style: pen.style, radius: 2))
            } else if !pts.isEmpty {
                f.lines.append(.init(points: pts, style: pen.style, dash: pen.dash ?? .solid))
            }
        }
        return f
    }
}

extension ScatterPlot {
    /// Points as dots (category colours kept) and paths as polylines, layer by layer from the lowest priority.
    func figure(_ frame: ChartFrame) -> VectorFigure {
        var f = VectorFigure(plot: frame.plot, xRange: frame.xRange, yRange: frame.yRange)
        for layer in layers.sorted(by: { $0.pen.priority < $1.pen.priority }) {
            let r = layer.pen.style.role == .faint ? 1.0 : 1.6
            switch layer.shape {
            case .points(let pts):
                for (i, p) in pts.enumerated() where p.x.isFinite && p.y.isFinite {
                    let style = layer.categories.map { i < $0.count ? Style.series($0[i]) : layer.pen.style } ?? layer.pen.style
                    f.points.append(.init(x: p.x, y: p.y, style: style, radius: r))
                }
            case .paths(let paths):
                for path in paths {
                    f.lines.append(.init(points: path.filter { $0.x.isFinite && $0.y.isFinite }, style: layer.pen.style, dash: layer.pen.dash ?? .solid))
                }
            }
        }
        return f
    }
}
