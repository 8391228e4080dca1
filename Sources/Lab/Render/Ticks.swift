import Foundation

/// Human-friendly axis tick positions: 1-2-5 steps on linear axes, powers of ten on log axes.
enum Ticks {
    /// Ticks at multiples of a 1-2-5 step inside [min, max], at most `maxCount` of them; [] for NaN/Inf, [min] when min == max.
    static func nice(min lo: Double, max hi: Double, maxCount: Int = 6) -> [Double] {
        guard lo.isFinite, hi.isFinite, maxCount >= 1 else { return [] }
        let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        if a == b || maxCount == 1 { return [a] }
        let s = step(min: a, max: b, maxCount: maxCount)
        let first = (a / s - 1e-9).rounded(.up), last = (b / s + 1e-9).rounded(.down)
        guard last >= first, last - first < 10_000 else { return [a, b] }
        let d = NumberFormat.decimalsNeeded(s)
        let p = pow(10, Double(d))
        return stride(from: first, through: last, by: 1).map { k in
            let v = k * s
            return d < 9 ? (v * p).rounded() / p : v
        }
    }

    /// The 1-2-5 step `nice` uses for this range.
    static func step(min lo: Double, max hi: Double, maxCount: Int) -> Double {
        let range = abs(hi - lo)
        guard range > 0, range.isFinite else { return 1 }
        let raw = range / Double(Swift.max(1, maxCount - 1))
        let mag = pow(10, floor(log10(raw)))
        for m in [1.0, 2, 5, 10] where m * mag >= raw * (1 - 1e-9) {
            return m * mag
        }
        return 10 * mag
    }

    /// Log-axis ticks (actual values, not logs) for a positive range: powers of ten, thinned to `maxCount`;
    /// within a single decade falls back to 1-2-5 mantissas, then to linear ticks.
    static func log(min lo: Double, max hi: Double, maxCount: Int = 6) -> [Double] {
        guard lo.isFinite, hi.isFinite, lo > 0, hi > 0, maxCount >= 1 else { return [] }
        let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        let e0 = Int((log10(a) - 1e-9).rounded(.up)), e1 = Int((log10(b) + 1e-9).rounded(.down))
        if e1 - e0 + 1 >= 2 {
            let count = e1 - e0 + 1
            let every = (count + maxCount - 1) / maxCount
            return stride(from: e0, through: e1, by: every).map { pow(10, Double($0)) }
        }
        var out: [Double] = []
        for e in (e0 - 1)...(e1 + 1) {
            for m in [1.0, 2, 5] {
                let v = m * pow(10, Double(e))
                if v >= a * (1 - 1e-9) && v <= b * (1 + 1e-9) { out.append(v) }
            }
        }
        if out.count >= 2 && out.count <= maxCount { return out }
        return nice(min: a, max: b, maxCount: maxCount)
    }
}
