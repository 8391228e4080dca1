/// Where a line chart's title, legend strip, axes and plot go, and the ranges they map.
extension LineChart {
    /// Where the title, axes and plot go in `area` (the plot's dot width is what downsampling reduces to); `reservingTop`
    /// rows under the title are left for a legend strip.
    func layout(area: Rect, reservingTop legendRows: Int = 0) -> ChartFrame {
        var rest = area
        if title != nil, area.width >= Self.minSizeForTitle.width, area.height >= Self.minSizeForTitle.height {
            rest = area.splitTop(1).1
        }
        rest = rest.splitTop(legendRows).1
        let showAxes = area.width >= Self.minSizeForAxes.width && area.height >= Self.minSizeForAxes.height
        let (xr, yr) = ranges(log: yScale == .log)
        return ChartFrame.layout(area: rest, x: xr, y: yr, yLog: yScale == .log, mode: glyphs, showAxes: showAxes, xTicks: xTicks)
    }

    /// Finite y extent of all series and rules in data units (positive values only on a log scale), to feed an `AutoScale`.
    func yExtent() -> (min: Double, max: Double)? {
        let log = yScale == .log
        var lo = Double.infinity, hi = -Double.infinity
        for s in series {
            for p in s.points where p.y.isFinite && (!log || p.y > 0) {
                lo = min(lo, p.y)
                hi = max(hi, p.y)
            }
        }
        for r in rules where r.y.isFinite && (!log || r.y > 0) {
            lo = min(lo, r.y)
            hi = max(hi, r.y)
        }
        return lo <= hi ? (lo, hi) : nil
    }

    /// Plot-space x and y ranges: the fixed ones, or the finite extent of the data and rules, widened when degenerate.
    func ranges(log: Bool) -> ((Double, Double), (Double, Double)) {
        var xlo = Double.infinity, xhi = -Double.infinity, ylo = Double.infinity, yhi = -Double.infinity
        for s in series {
            for p in s.points where p.x.isFinite && p.y.isFinite && (!log || p.y > 0) {
                if p.x < xlo { xlo = p.x }
                if p.x > xhi { xhi = p.x }
                if p.y < ylo { ylo = p.y }
                if p.y > yhi { yhi = p.y }
            }
        }
        for r in rules where r.y.isFinite && (!log || r.y > 0) {
            ylo = min(ylo, r.y)
            yhi = max(yhi, r.y)
        }
        if let r = xRange { (xlo, xhi) = (r.lowerBound, r.upperBound) }
        if let r = yRange, !log || r.lowerBound > 0 { (ylo, yhi) = (r.lowerBound, r.upperBound) }
        if xlo > xhi { (xlo, xhi) = (0, 1) }
        if ylo > yhi { (ylo, yhi) = log ? (1, 10) : (0, 1) }
        if log { (ylo, yhi) = (log10Value(ylo), log10Value(yhi)) }
        return (AxisSpec.widened(xlo, xhi, log: false), AxisSpec.widened(ylo, yhi, log: log))
    }
}
