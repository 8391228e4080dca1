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
        /// Draws this shape (in the "now" style) at the layer's last point, after everything else; the legend shows "━●".
        var now: Mark.Shape?

        /// The last finite point (of the last path), where its "now" mark goes.
        var lastPoint: (x: Double, y: Double)? {
            switch shape {
            case .points(let pts): return pts.last { $0.x.isFinite && $0.y.isFinite }
            case .paths(let paths): return paths.last?.last { $0.x.isFinite && $0.y.isFinite }
            }
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
    /// Positions drawn last as whole larger glyphs ("now", capture, focus); named ones get a legend entry.
    var marks: [Mark] = []
    /// Fixed world bounds; nil = extent of all layers plus 5 %.
    var bounds: (x: ClosedRange<Double>, y: ClosedRange<Double>)?
    var showAxes = true
    var showLegend = true
    /// Widen one axis so a world unit is as long across as up (cells are about twice as tall as wide): circles stay round.
    var equalAspect = false
    var glyphs: GlyphMode = .braille

    /// Terminal cell height / width, used by `equalAspect`.
    static let cellAspect = 2.0

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
        let entries = showLegend && axes ? legendEntries(buffer) : []
        let marks = allMarks
        var frame = layoutFrame(rest, axes: axes)
        guard !frame.plot.isEmpty else { return }
        var (canvas, cells) = rasterize(frame, monochrome: buffer.monochrome)
        var legendRect: Rect?, legend: Legend.Box?
        var strip: [[Legend.Box.Line]] = []
        if !entries.isEmpty {
            if let box = Legend.box(entries, maxWidth: frame.plot.width - 2),
               let r = Legend.freeCorner(width: box.width, height: box.height, in: frame.plot, occupied: occupancy(frame, canvas, cells, marks)) {
                (legend, legendRect) = (box, r)
            } else {
                let rows = Legend.strip(entries, width: frame.plot.width)
                let shrunk = layoutFrame(rest.splitTop(rows.count).1, axes: axes)
                if shrunk.plot.height >= 3 {
                    frame = shrunk
                    (canvas, cells) = rasterize(frame, monochrome: buffer.monochrome)
                    strip = rows
                }
            }
        }
        let plot = frame.plot
        canvas.paint(into: &buffer, area: plot)
        cells.paint(into: &buffer, area: plot)
        if buffer.figures != nil { buffer.addFigure(figure(frame)) }
        frame.drawAxes(into: &buffer)
        if !strip.isEmpty { Legend.drawStrip(strip, x: plot.x, y: plot.y - strip.count, width: plot.width, into: &buffer) }
        if let legend, let legendRect { Legend.draw(legend, at: legendRect, into: &buffer) }
        Mark.draw(marks, frame: frame, into: &buffer)
    }

    /// Each layer's "now" mark, then the plot's own marks (so those win a shared cell).
    var allMarks: [Mark] {
        layers.compactMap { l in l.now.flatMap { shape in l.lastPoint.map { Mark(x: $0.x, y: $0.y, shape: shape) } } } + marks
    }

    /// The chart frame for `area`, with the bounds equalised to the plot's shape when `equalAspect`.
    private func layoutFrame(_ area: Rect, axes: Bool) -> ChartFrame {
        var (xr, yr) = worldBounds()
        let frame = ChartFrame.layout(area: area, x: xr, y: yr, yLog: false, mode: glyphs, showAxes: axes)
        guard equalAspect, !frame.plot.isEmpty else { return frame }
        (xr, yr) = Self.equalized(xr, yr, columns: frame.plot.width, rows: frame.plot.height)
        return ChartFrame.layout(area: area, x: xr, y: yr, yLog: false, mode: glyphs, showAxes: axes)
    }

    /// Layers in priority order into a dot canvas; without colour, points with categories go into a second canvas of one
    /// glyph per cell (a distinct glyph per category), and unstyled paths get the layer's own dash pattern.
    private func rasterize(_ frame: ChartFrame, monochrome: Bool) -> (Canvas, Canvas) {
        let (xr, yr) = (frame.xRange, frame.yRange)
        let plot = frame.plot
        var canvas = Canvas(mode: glyphs, columns: plot.width, rows: plot.height, x: xr.0...xr.1, y: yr.0...yr.1)
        var cells = Canvas(mode: .ascii, columns: plot.width, rows: plot.height, x: xr.0...xr.1, y: yr.0...yr.1)
        let dashes = pathPens(monochrome: monochrome)
        for li in layers.indices.sorted(by: { layers[$0].pen.priority < layers[$1].pen.priority }) {
            let layer = layers[li]
            switch layer.shape {
            case .points(let pts):
                if let cats = layer.categories {
                    let perCell = monochrome && glyphs.isUnicode
                    for (i, p) in pts.enumerated() {
                        guard i < cats.count else { canvas.point(p.x, p.y, pen: layer.pen); continue }
                        var pen = Pen.series(cats[i], priority: layer.pen.priority, bold: layer.pen.style.bold)
                        if perCell {
                            pen.glyph = Pen.monoGlyphs[((cats[i] % Pen.monoGlyphs.count) + Pen.monoGlyphs.count) % Pen.monoGlyphs.count]
                            cells.point(p.x, p.y, pen: pen)
                        } else {
                            canvas.point(p.x, p.y, pen: pen)
                        }
                    }
                } else {
                    for p in pts { canvas.point(p.x, p.y, pen: layer.pen) }
                }
            case .paths(let paths):
                for path in paths { canvas.path(path, pen: dashes[li]) }
            }
        }
        return (canvas, cells)
    }

    /// Each layer's pen with its dash filled in: path layers number 0, 1, 2, … in layer order.
    private func pathPens(monochrome: Bool) -> [Pen] {
        var n = 0
        return layers.map { l in
            guard case .paths = l.shape else { return l.pen }
            defer { n += 1 }
            return l.pen.resolved(series: n, monochrome: monochrome)
        }
    }

    private func legendEntries(_ buffer: Buffer) -> [Legend.Entry] {
        let pens = pathPens(monochrome: buffer.monochrome)
        var out = zip(layers, pens).map { l, pen -> Legend.Entry in
            let g: String
            switch l.shape {
            case .points: g = glyphs.isUnicode ? "•" : String(l.pen.glyph)
            case .paths: g = glyphs.isUnicode ? String((pen.dash ?? .solid).swatch) : String(l.pen.glyph)
            }
            return Legend.Entry(swatch: g, mark: l.now?.glyph(glyphs), name: buffer.display(l.name), style: l.pen.style)
        }
        out += marks.compactMap { m in m.name.map { Legend.Entry(swatch: String(m.shape.glyph(glyphs)), name: buffer.display($0), style: m.style) } }
        return out
    }

    /// Whether a plot cell holds a dot, a per-cell glyph or a mark, for legend placement.
    private func occupancy(_ frame: ChartFrame, _ canvas: Canvas, _ cells: Canvas, _ marks: [Mark]) -> (Int, Int) -> Bool {
        let plot = frame.plot
        var marked = Set<Int>()
        for m in marks where m.x.isFinite && m.y.isFinite { marked.insert(frame.row(m.y) * 100_000 + frame.column(m.x)) }
        return { x, y in
            canvas.isInked(column: x - plot.x, row: y - plot.y) || cells.isInked(column: x - plot.x, row: y - plot.y)
                || marked.contains(y * 100_000 + x)
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
