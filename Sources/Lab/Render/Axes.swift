import Foundation

/// One chart axis in plot space (log10 values on a log axis): its range, tick positions and tick labels.
struct AxisSpec: Sendable {
    var lo: Double
    var hi: Double
    var ticks: [Double]
    var labels: [String]
    /// Ticks chosen by the caller (not 1-2-5), e.g. batch sizes.
    var isCustom = false

    /// 1-2-5 ticks over [lo, hi], labelled with the decimals their step needs.
    static func linear(lo: Double, hi: Double, maxTicks: Int) -> AxisSpec {
        let t = Ticks.nice(min: lo, max: hi, maxCount: maxTicks)
        let labels = t.count > 1 ? NumberFormat.ticks(t) : t.map { NumberFormat.tick($0, step: Ticks.step(min: lo, max: hi, maxCount: maxTicks)) }
        return AxisSpec(lo: lo, hi: hi, ticks: t, labels: labels)
    }

    /// Log ticks (1-2-5 per decade where they fit, see `Ticks.log`); `lo`/`hi` are log10 of the data range.
    static func log10(lo: Double, hi: Double, maxTicks: Int) -> AxisSpec {
        let t = Ticks.log(min: pow10(lo), max: pow10(hi), maxCount: maxTicks)
        return AxisSpec(lo: lo, hi: hi, ticks: t.map { log10Value($0) }, labels: distinctLabels(t))
    }

    /// Caller-chosen ticks (plot-space position, label), e.g. batch sizes on a log₂ axis; crowded ones are skipped when drawn.
    static func custom(lo: Double, hi: Double, ticks: [(value: Double, label: String)]) -> AxisSpec {
        let inside = ticks.filter { $0.value.isFinite && $0.value >= Swift.min(lo, hi) - 1e-9 && $0.value <= Swift.max(lo, hi) + 1e-9 }
        return AxisSpec(lo: lo, hi: hi, ticks: inside.map(\.value), labels: inside.map(\.label), isCustom: true)
    }

    /// `compact` labels with as many significant figures as it takes for no two to read the same.
    static func distinctLabels(_ values: [Double]) -> [String] {
        var labels = values.map { NumberFormat.compact($0) }
        for digits in 4...8 where Set(labels).count < labels.count {
            labels = values.map { NumberFormat.figures($0, digits, trim: true) }
        }
        return labels
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
    /// `xTicks` replaces the 1-2-5 x ticks with the caller's (positions in plot space).
    static func layout(area: Rect, x: (Double, Double), y: (Double, Double), yLog: Bool, mode: GlyphMode, showAxes: Bool,
                       xTicks: [(value: Double, label: String)]? = nil) -> ChartFrame {
        guard showAxes, area.width >= 6, area.height >= 3 else {
            return ChartFrame(plot: area, x: nil, y: nil, area: area, mode: mode, xRange: x, yRange: y)
        }
        let plotH = area.height - 2
        // Log ticks are sparse by nature (decades, 1-2-5): they may sit two rows apart; linear ones three.
        let yTicks = yLog ? max(2, min(10, plotH / 2 + 1)) : max(2, min(8, plotH / 3 + 1))
        let ySpec = yLog ? AxisSpec.log10(lo: y.0, hi: y.1, maxTicks: yTicks) : AxisSpec.linear(lo: y.0, hi: y.1, maxTicks: yTicks)
        let labelW = min(ySpec.labels.map(\.count).max() ?? 1, max(1, area.width / 3))
        let plot = Rect(x: area.x + labelW + 1, y: area.y, width: area.width - labelW - 1, height: plotH)
        let xSpec = xTicks.map { AxisSpec.custom(lo: x.0, hi: x.1, ticks: $0) }
            ?? AxisSpec.linear(lo: x.0, hi: x.1, maxTicks: max(2, min(11, plot.width / 8 + 1)))
        return ChartFrame(plot: plot, x: xSpec, y: ySpec, area: area, mode: mode, xRange: x, yRange: y)
    }

    /// Cell column of plot-space x, matching the canvas dot mapping.
    func column(_ v: Double) -> Int {
        let dots = plot.width * mode.dotsPerCell.x
        let span = xRange.1 - xRange.0
        let d = span == 0 ? Double(dots - 1) / 2 : (v - xRange.0) / span * Double(dots - 1)
        return plot.x + Self.dot(d) / mode.dotsPerCell.x
    }

    /// Cell row of plot-space y, matching the canvas dot mapping.
    func row(_ v: Double) -> Int {
        let dots = plot.height * mode.dotsPerCell.y
        let span = yRange.1 - yRange.0
        let d = span == 0 ? Double(dots - 1) / 2 : (yRange.1 - v) / span * Double(dots - 1)
        return plot.y + Self.dot(d) / mode.dotsPerCell.y
    }

    /// A dot offset as an Int: NaN at 0 and huge values clamped, so a non-finite value lands off the plot, never traps.
    static func dot(_ d: Double) -> Int { d.isFinite ? Int(max(-1e9, min(1e9, d)).rounded()) : 0 }

    /// Draws both axis lines, tick marks and labels (labels never overlap; crowded ones are skipped).
    func drawAxes(into buffer: inout Buffer) {
        guard let xs = x, let ys = y else { return }
        let u = mode.isUnicode
        let axisX = plot.x - 1, axisY = plot.maxY
        for r in plot.y..<plot.maxY { buffer.put(axisX, r, u ? "│" : "|", .axis) }
        for c in plot.x..<plot.maxX { buffer.put(c, axisY, u ? "─" : "-", .axis) }
        buffer.put(axisX, axisY, u ? "└" : "+", .axis)
        var lastRow = Int.min, lastLabel = ""
        for (v, label) in zip(ys.ticks, ys.labels) {
            let r = row(v)
            guard r >= plot.y, r < plot.maxY, r != lastRow, label != lastLabel else { continue }
            lastRow = r
            lastLabel = label
            buffer.put(axisX, r, u ? "┤" : "+", .axis)
            buffer.write(label, x: area.x, y: r, width: axisX - area.x, align: .right, style: .label)
        }
        guard axisY + 1 < area.maxY else { return }
        let placed = zip(xs.ticks, xs.labels).compactMap { v, label -> (Int, Int, String)? in
            let c = column(v)
            guard c >= plot.x, c < plot.maxX else { return nil }
            buffer.put(c, axisY, u ? "┬" : "+", .axis)
            let n = label.count
            return (c, min(max(c - n / 2, area.x), area.maxX - n), label)
        }
        // Caller-chosen ticks (categories such as batch sizes) keep the last one: the range's far end matters.
        for (start, label) in evenlyThinned(placed.map { ($0.1, $0.2) }, keepLast: xs.isCustom) {
            buffer.write(label, x: start, y: axisY + 1, style: .label, clip: area)
        }
    }
}

/// Every k-th of a row of labels (start column, text), for the smallest k at which none touch: crowded labels are thinned
/// evenly, so the gaps stay regular, instead of being dropped wherever they collide. With `keepLast` the last label (e.g. the
/// largest batch size) is kept too, replacing the last regular one if both do not fit.
func evenlyThinned(_ labels: [(start: Int, text: String)], keepLast: Bool = false) -> [(start: Int, text: String)] {
    func fits(_ kept: [(start: Int, text: String)]) -> Bool {
        zip(kept, kept.dropFirst()).allSatisfy { a, b in a.start + a.text.count + 1 <= b.start }
    }
    for every in 1...max(1, labels.count) {
        var kept = Swift.stride(from: 0, to: labels.count, by: every).map { labels[$0] }
        guard fits(kept) else { continue }
        if keepLast, let last = labels.last, kept.count < labels.count, (labels.count - 1) % every != 0 {
            if fits(kept + [last]) {
                kept.append(last)
            } else if kept.count > 1, fits(kept.dropLast() + [last]) {
                kept[kept.count - 1] = last
            }
        }
        return kept
    }
    return Array(labels.prefix(1))
}

/// Plain log10 without pulling Foundation into callers.
func log10Value(_ v: Double) -> Double { Foundation.log10(v) }

/// 10^v.
func pow10(_ v: Double) -> Double { Foundation.pow(10, v) }
