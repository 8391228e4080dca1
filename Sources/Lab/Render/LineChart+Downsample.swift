/// Min/max-per-column reduction so a million-point curve costs one pass and draws exactly like the full curve.
extension LineChart {
    /// Keeps, for each run of consecutive points that land in the same dot column, its first, min-y, max-y and last
    /// points (in original order). Points off the x range collapse into one column either side; NaN/Inf (and y ≤ 0 when
    /// `positiveOnly`) are skipped. Drawing the result as a polyline covers each column's min..max span.
    static func downsample(_ points: [(x: Double, y: Double)], columns: Int, xMin: Double, xMax: Double, positiveOnly: Bool = false) -> [(x: Double, y: Double)] {
        guard columns > 0 else { return [] }
        let span = xMax - xMin
        var out: [(x: Double, y: Double)] = []
        out.reserveCapacity(min(points.count, columns * 4 + 8))
        var col = Int.min
        var first = -1, lo = -1, hi = -1, last = -1

        func flush() {
            guard first >= 0 else { return }
            var idx = [first, lo, hi, last]
            idx.sort()
            var prev = -1
            for i in idx where i != prev {
                out.append(points[i])
                prev = i
            }
        }

        for i in points.indices {
            let p = points[i]
            guard p.x.isFinite, p.y.isFinite, !positiveOnly || p.y > 0 else { continue }
            let d = span == 0 ? Double(columns - 1) / 2 : (p.x - xMin) / span * Double(columns - 1)
            let c = d < -0.5 ? -1 : d >= Double(columns) - 0.5 ? columns : Int(d.rounded())
            if c != col {
                flush()
                col = c
                first = i; lo = i; hi = i; last = i
            } else {
                last = i
                if p.y < points[lo].y { lo = i }
                if p.y > points[hi].y { hi = i }
            }
        }
        flush()
        return out
    }

    /// One point per dot column, the mean x and y of the points in it (y in log10 when `log`; y ≤ 0 skipped then): a smoothed
    /// series drawn as a thin line instead of each column's min…max span.
    static func columnMeans(_ points: [(x: Double, y: Double)], columns: Int, xMin: Double, xMax: Double, log: Bool) -> [(x: Double, y: Double)] {
        guard columns > 0 else { return [] }
        let span = xMax - xMin
        var out: [(x: Double, y: Double)] = []
        out.reserveCapacity(min(points.count, columns + 2))
        var col = Int.min, sx = 0.0, sy = 0.0, n = 0.0
        for p in points {
            guard p.x.isFinite, p.y.isFinite, !log || p.y > 0 else { continue }
            let y = log ? log10Value(p.y) : p.y
            let d = span == 0 ? Double(columns - 1) / 2 : (p.x - xMin) / span * Double(columns - 1)
            let c = d < -0.5 ? -1 : d >= Double(columns) - 0.5 ? columns : Int(d.rounded())
            if c != col, n > 0 {
                out.append((sx / n, sy / n))
                sx = 0; sy = 0; n = 0
            }
            col = c
            sx += p.x
            sy += y
            n += 1
        }
        if n > 0 { out.append((sx / n, sy / n)) }
        return out
    }
}
