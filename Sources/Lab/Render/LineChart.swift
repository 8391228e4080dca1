/// Multi-series line chart (loss curves): linear or log y, nice ticks, legend, vertical event markers; degrades as space shrinks.
struct LineChart: Sendable {
    enum Scale: Sendable {
        case linear
        case log
    }

    /// One named curve.
    struct Series: Sendable {
        var name: String
        var points: [(x: Double, y: Double)]
        var pen: Pen

        init(name: String, points: [(x: Double, y: Double)], pen: Pen) {
            self.name = name
            self.points = points
            self.pen = pen
        }

        /// Series coloured as palette entry `index`; higher `priority` wins shared cells.
        init(name: String, points: [(x: Double, y: Double)], index: Int, priority: Int = 0) {
            self.init(name: name, points: points, pen: .series(index, priority: priority))
        }

        /// y values at x = 0, 1, 2, …
        init(name: String, values: [Double], index: Int, priority: Int = 0) {
            self.init(name: name, points: values.enumerated().map { (Double($0.offset), $0.element) }, index: index, priority: priority)
        }
    }

    /// A labelled vertical line at x, e.g. where the optimizer switched.
    struct Marker: Sendable {
        var x: Double
        var label: String
        var style: Style = .reference
    }

    var title: String?
    var series: [Series]
    var markers: [Marker] = []
    var yScale: Scale = .linear
    /// Log x plots positive x only, with power-of-ten (1-2-5) ticks; `xRange` stays in data units.
    var xScale: Scale = .linear
    /// Fixed x range; nil = data extent.
    var xRange: ClosedRange<Double>?
    /// Fixed y range in data units (keep an `AutoScale` between frames to feed it); nil = data extent.
    var yRange: ClosedRange<Double>?
    var glyphs: GlyphMode = .braille
    var showLegend = true
    /// Append each series' latest finite value to its legend entry ("train 0.083").
    var legendShowsLast = true

    init(title: String? = nil, series: [Series], markers: [Marker] = [], yScale: Scale = .linear, glyphs: GlyphMode = .braille) {
        self.title = title
        self.series = series
        self.markers = markers
        self.yScale = yScale
        self.glyphs = glyphs
    }

    /// Space thresholds: the legend goes first, then the title, then the axes.
    static let minSizeForAxes = (width: 12, height: 5)
    static let minSizeForTitle = (width: 16, height: 8)

    func render(into buffer: inout Buffer, area: Rect) {
        let area = area.intersection(buffer.area)
        guard !area.isEmpty else { return }
        let log = yScale == .log
        let frame = layout(area: area)
        if let title, frame.plot.y > area.y {
            buffer.write(title, x: area.x, y: area.y, width: area.width, align: .center, style: .title)
        }
        let showAxes = frame.x != nil
        let (xr, yr) = (frame.xRange, frame.yRange)
        let plot = frame.plot
        guard !plot.isEmpty else { return }

        var visibleMarkers: [(col: Int, marker: Marker)] = []
        let xLog = xScale == .log
        for m in markers where m.x.isFinite && (!xLog || m.x > 0) {
            let mx = xLog ? log10Value(m.x) : m.x
            guard mx >= xr.0 && mx <= xr.1 else { continue }
            let col = frame.column(mx)
            visibleMarkers.append((col, m))
            for r in plot.y..<plot.maxY {
                buffer.put(col, r, glyphs.isUnicode ? "┊" : AsciiGlyphs.markerLine, m.style)
            }
        }

        var canvas = Canvas(mode: glyphs, columns: plot.width, rows: plot.height, x: xr.0...xr.1, y: yr.0...yr.1)
        for s in series {
            let points = xLog ? s.points.filter { $0.x > 0 }.map { (x: log10Value($0.x), y: $0.y) } : s.points
            var reduced = Self.downsample(points, columns: canvas.dotWidth, xMin: xr.0, xMax: xr.1, positiveOnly: log)
            if log {
                for i in reduced.indices { reduced[i].y = log10Value(reduced[i].y) }
            }
            canvas.path(reduced, pen: s.pen)
        }
        canvas.paint(into: &buffer, area: plot)
        frame.drawAxes(into: &buffer)

        if showLegend && showAxes {
            let nameW = series.map(\.name.count).max() ?? 0
            let entries = series.map { s -> Legend.Entry in
                let last = legendShowsLast ? s.points.last { $0.y.isFinite && (!log || $0.y > 0) }?.y : nil
                let name = last.map { s.name.padded(to: nameW) + " " + NumberFormat.compact($0) } ?? s.name
                return Legend.Entry(name: name, glyph: glyphs.isUnicode ? "━" : s.pen.glyph, style: s.pen.style)
            }
            Legend.draw(entries, into: &buffer, plot: plot)
        }
        if plot.height >= 3 {
            for (col, m) in visibleMarkers {
                let n = min(m.label.count, plot.width)
                let x = col + 1 + n <= plot.maxX ? col + 1 : max(plot.x, col - n)
                // Below the legend when it covers the top rows at this column.
                var y = plot.y
                while y < plot.maxY - 1, (x..<(x + n)).contains(where: { Self.isLegendText(buffer[$0, y].char) }) { y += 1 }
                buffer.write(m.label, x: x, y: y, style: m.style, maxWidth: n, clip: plot)
            }
        }
    }

    /// Legend cells are letters, digits or the "━" swatch; curves are braille, block or ASCII dots.
    static func isLegendText(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "━" }

    /// Where the title, axes and plot go in `area` (the plot's dot width is what downsampling reduces to).
    func layout(area: Rect) -> ChartFrame {
        var rest = area
        if title != nil, area.width >= Self.minSizeForTitle.width, area.height >= Self.minSizeForTitle.height {
            rest = area.splitTop(1).1
        }
        let showAxes = area.width >= Self.minSizeForAxes.width && area.height >= Self.minSizeForAxes.height
        let (xr, yr) = ranges(log: yScale == .log)
        return ChartFrame.layout(area: rest, x: xr, y: yr, yLog: yScale == .log, xLog: xScale == .log, mode: glyphs, showAxes: showAxes)
    }

    /// Finite y extent of all series in data units (positive values only on a log scale), to feed an `AutoScale`.
    func yExtent() -> (min: Double, max: Double)? {
        let log = yScale == .log
        var lo = Double.infinity, hi = -Double.infinity
        for s in series {
            for p in s.points where p.y.isFinite && (!log || p.y > 0) {
                lo = min(lo, p.y)
                hi = max(hi, p.y)
            }
        }
        return lo <= hi ? (lo, hi) : nil
    }

    /// Plot-space x and y ranges: the fixed ones, or the finite data extent, widened when degenerate.
    func ranges(log: Bool) -> ((Double, Double), (Double, Double)) {
        var xlo = Double.infinity, xhi = -Double.infinity, ylo = Double.infinity, yhi = -Double.infinity
        let xLog = xScale == .log
        for s in series {
            for p in s.points where p.x.isFinite && p.y.isFinite && (!log || p.y > 0) && (!xLog || p.x > 0) {
                if p.x < xlo { xlo = p.x }
                if p.x > xhi { xhi = p.x }
                if p.y < ylo { ylo = p.y }
                if p.y > yhi { yhi = p.y }
            }
        }
        if let r = xRange, !xLog || r.lowerBound > 0 { (xlo, xhi) = (r.lowerBound, r.upperBound) }
        if let r = yRange, !log || r.lowerBound > 0 { (ylo, yhi) = (r.lowerBound, r.upperBound) }
        if xlo > xhi { (xlo, xhi) = xLog ? (1, 10) : (0, 1) }
        if xLog { (xlo, xhi) = (log10Value(xlo), log10Value(xhi)) }
        if ylo > yhi { (ylo, yhi) = log ? (1, 10) : (0, 1) }
        if log { (ylo, yhi) = (log10Value(ylo), log10Value(yhi)) }
        return (AxisSpec.widened(xlo, xhi, log: xLog), AxisSpec.widened(ylo, yhi, log: log))
    }
}
