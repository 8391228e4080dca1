import Foundation

/// One chart axis in plot space (log10 values on a log axis): its range, tick positions and tick labels.
struct AxisSpec: Sendable {
    var lo: Double
    var hi: Double
    var ticks: [Double]
    var labels: [String]

    /// 1-2-5 ticks over [lo, hi].
    static func linear(lo: Double, hi: Double, maxTicks: Int) -> AxisSpec {
        let t = Ticks.nice(min: lo, max: hi, maxCount: maxTicks)
        let step = t.count > 1 ? t[1] - t[0] : Ticks.step(min: lo, max: hi, maxCount: maxTicks)
        return AxisSpec(lo: lo, hi: hi, ticks: t, labels: t.map { NumberFormat.tick($0, step: step) })
    }

    /// Power-of-ten ticks; `lo`/`hi` are log10 of the data range.
    static func log10(lo: Double, hi: Double, maxTicks: Int) -> AxisSpec {
        let t = Ticks.log(min: pow10(lo), max: pow10(hi), maxCount: maxTicks)
        return AxisSpec(lo: lo, hi: hi, ticks: t.map { log10Value($0) }, labels: t.map { NumberFormat.compact($0) })
    }

    /// Range widened when degenerate so every mapping has a non-zero span.
    static func widened(_ lo: Double, _ hi: Double, log: Bool) -> (Double, Double) {
        guard lo.isFinite, hi.isFinite else { return (0, 1) }
        if lo < hi { return (lo, hi) }
        if lo > hi { return (hi, lo) }
        if log { return (lo - 0.5, hi + 0.5) }
        let d = lo == 0 ? 1 : abs(lo) * 0.1
        return (lo - d, hi + d)
    }
}

/// The rects of a chart with axes: plot area plus where the axis lines and labels go.
struct ChartFrame: Sendable {
    var plot: Rect
    /// Axes, nil when there is no room for them.
    var x: AxisSpec?
    var y: AxisSpec?
    var area: Rect
    var mode: GlyphMode
    /// Plot-space ranges the canvas maps to the plot.
    var xRange: (Double, Double)
    var yRange: (Double, Double)

    /// Lays out y labels (left), the axis lines and x labels (bottom) around a plot; without axes the plot is the whole area.
    static func layout(area: Rect, x: (Double, Double), y: (Double, Double), yLog: Bool, xLog: Bool = false, mode: GlyphMode,
                       showAxes: Bool) -> ChartFrame {
        guard showAxes, area.width >= 6, area.height >= 3 else {
            return ChartFrame(plot: area, x: nil, y: nil, area: area, mode: mode, xRange: x, yRange: y)
        }
        let plotH = area.height - 2
        let yTicks = max(2, min(8, plotH / 4 + 1))
        let ySpec = yLog ? AxisSpec.log10(lo: y.0, hi: y.1, maxTicks: yTicks) : AxisSpec.linear(lo: y.0, hi: y.1, maxTicks: yTicks)
        let labelW = min(ySpec.labels.map(\.count).max() ?? 1, max(1, area.width / 3))
        let plot = Rect(x: area.x + labelW + 1, y: area.y, width: area.width - labelW - 1, height: plotH)
        let xTicks = max(2, min(11, plot.width / 8 + 1))
        let xSpec = xLog ? AxisSpec.log10(lo: x.0, hi: x.1, maxTicks: xTicks) : AxisSpec.linear(lo: x.0, hi: x.1, maxTicks: xTicks)
        return ChartFrame(plot: plot, x: xSpec, y: ySpec, area: area, mode: mode, xRange: x, yRange: y)
    }

    /// Cell column of plot-space x, matching the canvas dot mapping.
    func column(_ v: Double) -> Int {
        let dots = plot.width * mode.dotsPerCell.x
        let span = xRange.1 - xRange.0
        let d = span == 0 ? Double(dots - 1) / 2 : (v - xRange.0) / span * Double(dots - 1)
        return plot.x + Int(d.rounded()) / mode.dotsPerCell.x
    }

    /// Cell row of plot-space y, matching the canvas dot mapping.
    func row(_ v: Double) -> Int {
        let dots = plot.height * mode.dotsPerCell.y
        let span = yRange.1 - yRange.0
        let d = span == 0 ? Double(dots - 1) / 2 : (yRange.1 - v) / span * Double(dots - 1)
        return plot.y + Int(d.rounded()) / mode.dotsPerCell.y
    }

    /// Draws both axis lines, tick marks and labels (labels never overlap; crowded ones are skipped).
    func drawAxes(into buffer: inout Buffer) {
        guard let xs = x, let ys = y else { return }
        let u = mode.isUnicode
        let axisX = plot.x - 1, axisY = plot.maxY
        for r in plot.y..<plot.maxY { buffer.put(axisX, r, u ? "│" : "|", .axis) }
        for c in plot.x..<plot.maxX { buffer.put(c, axisY, u ? "─" : "-", .axis) }
        buffer.put(axisX, axisY, u ? "└" : "+", .axis)
        var lastRow = Int.min
        for (v, label) in zip(ys.ticks, ys.labels) {
            let r = row(v)
            guard r >= plot.y, r < plot.maxY, r != lastRow else { continue }
            lastRow = r
            buffer.put(axisX, r, u ? "┤" : "+", .axis)
            buffer.write(label, x: area.x, y: r, width: axisX - area.x, align: .right, style: .label)
        }
        var nextFree = area.x
        for (v, label) in zip(xs.ticks, xs.labels) {
            let c = column(v)
            guard c >= plot.x, c < plot.maxX else { continue }
            buffer.put(c, axisY, u ? "┬" : "+", .axis)
            let n = label.count
            let start = min(max(c - n / 2, area.x), area.maxX - n)
            guard start >= nextFree, axisY + 1 < area.maxY else { continue }
            buffer.write(label, x: start, y: axisY + 1, style: .label, clip: area)
            nextFree = start + n + 1
        }
    }
}

/// Top-right key naming each series with its glyph, drawn over a cleared patch so it stays readable.
enum Legend {
    struct Entry: Sendable {
        var name: String
        var glyph: Character
        var style: Style
    }

    /// Draws the legend if it fits comfortably in `plot`; returns whether it was drawn.
    @discardableResult
    static func draw(_ entries: [Entry], into buffer: inout Buffer, plot: Rect) -> Bool {
        guard !entries.isEmpty else { return false }
        let nameW = min(entries.map(\.name.count).max() ?? 0, 16)
        let w = nameW + 3
        guard plot.width >= w * 2 + 4, plot.height >= entries.count + 2 else { return false }
        let x = plot.maxX - w
        for (i, e) in entries.enumerated() {
            let y = plot.y + i
            buffer.fill(Rect(x: x - 1, y: y, width: w + 1, height: 1))
            buffer.put(x, y, e.glyph, e.style)
            buffer.write(e.name.truncated(to: nameW), x: x + 2, y: y, style: .label)
        }
        return true
    }
}

/// Plain log10 without pulling Foundation into callers.
func log10Value(_ v: Double) -> Double { Foundation.log10(v) }

/// 10^v.
func pow10(_ v: Double) -> Double { Foundation.pow(10, v) }
