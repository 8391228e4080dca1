/// 2D scatter for samples and ODE trajectories: faint data under bright samples, paths as lines, optional category colours.
struct ScatterPlot: Sendable {
    enum Shape: Sendable {
        case points([(x: Double, y: Double)])
        case paths([[(x: Double, y: Double)]])
    }

    /// One drawing layer; `categories[i]` (if given) colours point i as series `categories[i]`.
    struct Layer: Sendable {
        var name: String
        var shape: Shape
        var categories: [Int]?
        var pen: Pen

        init(name: String, shape: Shape, categories: [Int]? = nil, pen: Pen) {
            self.name = name
            self.shape = shape
            self.categories = categories
            self.pen = pen
        }

        /// Training data: faint, lowest priority, '.' in ASCII.
        static func data(_ points: [(x: Double, y: Double)], categories: [Int]? = nil, name: String = "data") -> Layer {
            Layer(name: name, shape: .points(points), categories: categories, pen: Pen(style: .faint, priority: 0, glyph: AsciiGlyphs.faintDot))
        }

        /// Model samples: bright, highest priority.
        static func samples(_ points: [(x: Double, y: Double)], categories: [Int]? = nil, name: String = "samples") -> Layer {
            Layer(name: name, shape: .points(points), categories: categories, pen: Pen(style: .series(0, bold: true), priority: 2, glyph: "o"))
        }

        /// Integration paths drawn as polylines, between data and samples.
        static func trajectories(_ paths: [[(x: Double, y: Double)]], name: String = "paths") -> Layer {
            Layer(name: name, shape: .paths(paths), pen: Pen(style: .series(1), priority: 1, glyph: "+"))
        }
    }

    var title: String?
    var layers: [Layer]
    /// Fixed world bounds; nil = extent of all layers plus 5 %.
    var bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>)?
    var showAxes = true
    var showLegend = true
    /// Widen one axis so a world unit is as long across as up (cells are about twice as tall as wide): circles stay round.
    var equalAspect = false
    var glyphs: GlyphMode = .braille

    /// Terminal cell height / width, used by `equalAspect`.
    static let cellAspect = 2.0

    init(title: String? = nil, layers: [Layer], bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>)? = nil, showAxes: Bool = true, equalAspect: Bool = false, glyphs: GlyphMode = .braille) {
        self.equalAspect = equalAspect
        self.title = title
        self.layers = layers
        self.bounds = bounds
        self.showAxes = showAxes
        self.glyphs = glyphs
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        var rest = area
        if let title, area.width >= LineChart.minSizeForTitle.width, area.height >= LineChart.minSizeForTitle.height {
            let (top, below) = area.splitTop(1)
            buffer.write(title, x: top.x, y: top.y, width: top.width, align: .center, style: .title)
            rest = below
        }
        let axes = showAxes && area.width >= LineChart.minSizeForAxes.width && area.height >= LineChart.minSizeForAxes.height
        var (xr, yr) = worldBounds()
        var frame = ChartFrame.layout(area: rest, x: xr, y: yr, yLog: false, mode: glyphs, showAxes: axes)
        if equalAspect, !frame.plot.isEmpty {
            (xr, yr) = Self.equalized(xr, yr, columns: frame.plot.width, rows: frame.plot.height)
            frame = ChartFrame.layout(area: rest, x: xr, y: yr, yLog: false, mode: glyphs, showAxes: axes)
        }
        let plot = frame.plot
        guard !plot.isEmpty else { return }
        var canvas = Canvas(mode: glyphs, columns: plot.width, rows: plot.height, x: xr.0...xr.1, y: yr.0...yr.1)
        for layer in layers.sorted(by: { $0.pen.priority < $1.pen.priority }) {
            switch layer.shape {
            case .points(let pts):
                if let cats = layer.categories {
                    for (i, p) in pts.enumerated() {
                        let pen = i < cats.count ? Pen.series(cats[i], priority: layer.pen.priority, bold: layer.pen.style.bold) : layer.pen
                        canvas.point(p.x, p.y, pen: pen)
                    }
                } else {
                    for p in pts { canvas.point(p.x, p.y, pen: layer.pen) }
                }
            case .paths(let paths):
                for path in paths { canvas.path(path, pen: layer.pen) }
            }
        }
        canvas.paint(into: &buffer, area: plot)
        frame.drawAxes(into: &buffer)
        if showLegend && axes {
            let entries = layers.map { l -> Legend.Entry in
                let g: Character
                switch l.shape {
                case .points: g = glyphs.isUnicode ? "•" : l.pen.glyph
                case .paths: g = glyphs.isUnicode ? "━" : l.pen.glyph
                }
                return Legend.Entry(name: l.name, glyph: g, style: l.pen.style)
            }
            Legend.draw(entries, into: &buffer, plot: plot)
        }
    }

    /// Ranges widened about their centres so world units per column and per (half-)row match.
    static func equalized(_ x: (Double, Double), _ y: (Double, Double), columns: Int, rows: Int) -> ((Double, Double), (Double, Double)) {
        let w = Double(columns), h = Double(rows) * cellAspect
        let sx = x.1 - x.0, sy = y.1 - y.0
        if sx / w > sy / h {
            let c = (y.0 + y.1) / 2, half = sx / w * h / 2
            return (x, (c - half, c + half))
        }
        let c = (x.0 + x.1) / 2, half = sy / h * w / 2
        return ((c - half, c + half), y)
    }

    /// The fixed bounds, or the finite extent of every layer padded by 5 % (degenerate spans widened).
    func worldBounds() -> ((Double, Double), (Double, Double)) {
        if let b = bounds {
            return (AxisSpec.widened(b.x.lowerBound, b.x.upperBound, log: false), AxisSpec.widened(b.y.lowerBound, b.y.upperBound, log: false))
        }
        var xlo = Double.infinity, xhi = -Double.infinity, ylo = Double.infinity, yhi = -Double.infinity
        func add(_ p: (x: Double, y: Double)) {
            guard p.x.isFinite, p.y.isFinite else { return }
            xlo = min(xlo, p.x); xhi = max(xhi, p.x); ylo = min(ylo, p.y); yhi = max(yhi, p.y)
        }
        for l in layers {
            switch l.shape {
            case .points(let pts): pts.forEach(add)
            case .paths(let paths): paths.forEach { $0.forEach(add) }
            }
        }
        guard xlo <= xhi else { return ((-1, 1), (-1, 1)) }
        let px = (xhi - xlo) * 0.05, py = (yhi - ylo) * 0.05
        return (AxisSpec.widened(xlo - px, xhi + px, log: false), AxisSpec.widened(ylo - py, yhi + py, log: false))
    }
}
