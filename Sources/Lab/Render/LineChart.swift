/// Multi-series line chart (loss curves): linear or log y, nice ticks, a legend where the data is not, vertical event
/// markers with labels that never collide, and "now" marks drawn last; degrades as space shrinks.
struct LineChart: Sendable {
    enum Scale: Sendable {
        case linear
        case log
    }

    /// How a series turns many points per column into dots.
    enum Trace: Sendable {
        /// Every column's min…max span: raw, noisy curves read as the band they are.
        case envelope
        /// One point per dot column (the column mean), drawn opaque: a thin line for smoothed series (an EMA) that stays
        /// readable through a band.
        case line
    }

    /// One named curve.
    struct Series: Sendable {
        var name: String
        var points: [(x: Double, y: Double)]
        var pen: Pen
        var trace: Trace = .envelope
        /// Draws this shape at the series' last finite point, after everything else ("now").
        var now: Mark.Shape?
        /// The legend's value; nil = the last finite y as a 3-figure readout (when `legendShowsLast`).
        var legendValue: String?
        /// The legend's swatch; nil = the line pattern (unicode) or the pen's glyph (ASCII).
        var swatch: String?

        init(name: String, points: [(x: Double, y: Double)], pen: Pen, trace: Trace = .envelope, now: Mark.Shape? = nil) {
            self.name = name
            self.points = points
            self.pen = pen
            self.trace = trace
            self.now = now
        }

        /// Series coloured as palette entry `index`; higher `priority` wins shared cells.
        init(name: String, points: [(x: Double, y: Double)], index: Int, priority: Int = 0, trace: Trace = .envelope, now: Mark.Shape? = nil) {
            self.init(name: name, points: points, pen: .series(index, priority: priority), trace: trace, now: now)
        }

        /// y values at x = 0, 1, 2, …
        init(name: String, values: [Double], index: Int, priority: Int = 0) {
            self.init(name: name, points: values.enumerated().map { (Double($0.offset), $0.element) }, index: index, priority: priority)
        }

        /// The last point with a finite y (positive on a log axis).
        func last(log: Bool) -> (x: Double, y: Double)? { points.last { $0.x.isFinite && $0.y.isFinite && (!log || $0.y > 0) } }
    }

    var title: String?
    var series: [Series]
    var markers: [Marker] = []
    /// Extra marks in data units, drawn last (after every series' own "now").
    var marks: [Mark] = []
    /// Horizontal reference levels (a noise floor) across the whole plot, under the data.
    var rules: [Rule] = []
    var yScale: Scale = .linear
    /// Fixed x range; nil = data extent.
    var xRange: ClosedRange<Double>?
    /// Fixed y range in data units (keep an `AutoScale` between frames to feed it); nil = data extent.
    var yRange: ClosedRange<Double>?
    /// Caller-chosen x ticks (position, label), e.g. batch sizes or step counts on a log₂ axis; nil = 1-2-5 ticks.
    var xTicks: [(value: Double, label: String)]?
    var glyphs: GlyphMode = .braille
    var showLegend = true
    /// Append each series' latest finite value to its legend entry ("train 0.0831").
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
        var frame = layout(area: area)
        if let title, frame.plot.y > area.y {
            buffer.write(title, x: area.x, y: area.y, width: area.width, align: .center, style: .title)
        }
        guard !frame.plot.isEmpty else { return }
        let pens = series.enumerated().map { i, s in s.pen.resolved(series: i, monochrome: buffer.monochrome) }
        var canvas = rasterize(frame, pens: pens)
        let marks = allMarks(log: log)
        let markerColumns = { (f: ChartFrame) in
            markers.filter { $0.x.isFinite && $0.x >= f.xRange.0 && $0.x <= f.xRange.1 }.map { Rect(x: f.column($0.x), y: f.plot.y, width: 1, height: f.plot.height) }
        }

        // The legend: a free corner of the plot, else a strip above it (the plot gives up those rows), else none.
        var legendRect: Rect?
        var legend: Legend.Box?
        var strip: [[Legend.Box.Line]] = []
        let entries = legendEntries(buffer: buffer, pens: pens, log: log)
        if showLegend, frame.x != nil, !entries.isEmpty {
            if let box = Legend.box(entries, maxWidth: frame.plot.width - 2),
               let r = Legend.freeCorner(width: box.width, height: box.height, in: frame.plot, avoid: markerColumns(frame),
                                         occupied: occupancy(frame, canvas, marks)) {
                legend = box
                legendRect = r
            } else {
                let rows = Legend.strip(entries, width: frame.plot.width)
                let shrunk = layout(area: area, reservingTop: rows.count)
                if shrunk.plot.height >= 3, shrunk.x != nil {
                    frame = shrunk
                    canvas = rasterize(frame, pens: pens)
                    strip = rows
                }
            }
        }
        let plot = frame.plot

        let visible = markers.filter { $0.x.isFinite && $0.x >= frame.xRange.0 && $0.x <= frame.xRange.1 }
        let columns = visible.map { frame.column($0.x) }
        for (m, col) in zip(visible, columns) {
            let ch = m.kind.line(glyphs)
            for r in plot.y..<plot.maxY { buffer.put(col, r, ch, m.style ?? m.kind.style) }
        }
        for (rule, row) in zip(rules, rules.map { ruleRow($0, frame) }) {
            guard let row else { continue }
            for c in plot.x..<plot.maxX { buffer.put(c, row, glyphs.isUnicode ? "─" : "-", rule.style) }
        }
        canvas.paint(into: &buffer, area: plot)
        if buffer.figures != nil { buffer.addFigure(figure(frame, pens: pens)) }
        frame.drawAxes(into: &buffer)
        if !strip.isEmpty {
            Legend.drawStrip(strip, x: plot.x, y: plot.y - strip.count, width: plot.width, into: &buffer)
        }
        if let legend, let legendRect { Legend.draw(legend, at: legendRect, into: &buffer) }
        if plot.height >= 3 {
            let placed = MarkerLabels.place(lines: columns, labels: visible.map { buffer.display($0.label) },
                                            shorts: visible.map { $0.short.map { buffer.display($0) } },
                                            plot: plot, rows: max(1, min(plot.height / 3, (legendRect?.height ?? 0) + 2)),
                                            blocked: (legendRect.map { [$0] } ?? []) + markCells(frame, marks),
                                            occupied: { x, y in canvas.isInked(column: x - plot.x, row: y - plot.y) })
            for p in placed {
                let m = visible[p.index]
                buffer.write(p.text, x: p.x, y: p.y, style: m.style ?? m.kind.style, clip: plot)
            }
        }
        Mark.draw(marks.map { m in var m = m; if log { m.y = m.y > 0 ? log10Value(m.y) : .nan }; return m }, frame: frame, into: &buffer)
    }

    /// Every series drawn into a canvas over the frame's plot (downsampled to its dot columns).
    private func rasterize(_ frame: ChartFrame, pens: [Pen]) -> Canvas {
        let log = yScale == .log
        let (xr, yr) = (frame.xRange, frame.yRange)
        var canvas = Canvas(mode: glyphs, columns: frame.plot.width, rows: frame.plot.height, x: xr.0...xr.1, y: yr.0...yr.1)
        for (s, pen) in zip(series, pens) {
            var reduced: [(x: Double, y: Double)]
            switch s.trace {
            case .envelope:
                reduced = Self.downsample(s.points, columns: canvas.dotWidth, xMin: xr.0, xMax: xr.1, positiveOnly: log)
                if log {
                    for i in reduced.indices { reduced[i].y = log10Value(reduced[i].y) }
                }
            case .line:
                reduced = Self.columnMeans(s.points, columns: canvas.dotWidth, xMin: xr.0, xMax: xr.1, log: log)
            }
            var p = pen
            if s.trace == .line { p.opaque = true }
            canvas.path(reduced, pen: p)
        }
        return canvas
    }

    /// Each series' "now" mark (the `.now` style: the same in every pane) followed by the chart's own marks.
    private func allMarks(log: Bool) -> [Mark] {
        let own = series.compactMap { s -> Mark? in
            guard let shape = s.now, let p = s.last(log: log) else { return nil }
            return Mark(x: p.x, y: p.y, shape: shape)
        }
        return own + marks
    }

    /// Legend entries: swatch (line pattern, or ASCII glyph, plus the "now" shape), name, latest value.
    private func legendEntries(buffer: Buffer, pens: [Pen], log: Bool) -> [Legend.Entry] {
        var out = zip(series, pens).map { s, pen -> Legend.Entry in
            let swatch = s.swatch ?? (glyphs.isUnicode ? String((pen.dash ?? .solid).swatch) : String(pen.glyph))
            let value = s.legendValue ?? (legendShowsLast ? s.last(log: log).map { NumberFormat.readout($0.y) } : nil)
            return Legend.Entry(swatch: swatch, mark: s.now?.glyph(glyphs), name: buffer.display(s.name), value: value, style: pen.style)
        }
        out += marks.compactMap { m in m.name.map { Legend.Entry(swatch: String(m.shape.glyph(glyphs)), name: buffer.display($0), style: m.style) } }
        out += rules.map { r in
            Legend.Entry(swatch: glyphs.isUnicode ? "─" : "-", name: buffer.display(r.name), value: legendShowsLast ? NumberFormat.readout(r.y) : nil, style: r.style)
        }
        return out
    }

    /// The cells the marks will cover, kept clear of marker labels.
    private func markCells(_ frame: ChartFrame, _ marks: [Mark]) -> [Rect] {
        let log = yScale == .log
        return marks.compactMap { m in
            guard m.x.isFinite, m.y.isFinite, !log || m.y > 0 else { return nil }
            return Rect(x: frame.column(m.x), y: frame.row(log ? log10Value(m.y) : m.y), width: 1, height: 1)
        }
    }

    /// Whether a buffer cell of the plot holds data (a dot or a mark), for legend placement.
    private func occupancy(_ frame: ChartFrame, _ canvas: Canvas, _ marks: [Mark]) -> (Int, Int) -> Bool {
        let log = yScale == .log
        let plot = frame.plot
        var cells = Set<Int>()
        for m in marks where m.x.isFinite && m.y.isFinite && (!log || m.y > 0) {
            cells.insert(frame.row(log ? log10Value(m.y) : m.y) * 100_000 + frame.column(m.x))
        }
        let ruled = Set(rules.compactMap { ruleRow($0, frame) })
        return { x, y in canvas.isInked(column: x - plot.x, row: y - plot.y) || cells.contains(y * 100_000 + x) || ruled.contains(y) }
    }

    /// The plot row of a rule; nil when its level is off the y range (or not positive on a log axis).
    private func ruleRow(_ rule: Rule, _ frame: ChartFrame) -> Int? {
        let log = yScale == .log
        guard rule.y.isFinite, !log || rule.y > 0 else { return nil }
        let y = log ? log10Value(rule.y) : rule.y
        guard y >= min(frame.yRange.0, frame.yRange.1) - 1e-12, y <= max(frame.yRange.0, frame.yRange.1) + 1e-12 else { return nil }
        let row = frame.row(y)
        return frame.plot.contains(x: frame.plot.x, y: row) ? row : nil
    }
}

extension LineChart {
    /// A horizontal reference level drawn as one continuous line of box-drawing cells ("-" in ASCII) across the plot,
    /// under the data, named in the legend with its value.
    struct Rule: Sendable {
        var y: Double
        var name: String
        var style: Style = .dim
    }
}
