import Foundation

/// Human-friendly axis tick positions: 1-2-5 steps on linear axes, powers of ten on log axes.
enum Ticks {
    /// Ticks at multiples of a 1-2-5 step inside [min, max], at most `maxCount` of them (a finer step is taken when the
    /// nice one would leave fewer than two); [] for NaN/Inf, [min] when min == max.
    static func nice(min lo: Double, max hi: Double, maxCount: Int = 6) -> [Double] {
        guard lo.isFinite, hi.isFinite, maxCount >= 1 else { return [] }
        let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        if a == b || maxCount == 1 { return [a] }
        var s = step(min: a, max: b, maxCount: maxCount)
        for _ in 0..<3 where count(a, b, s) < 2 {
            s = finer(s)
        }
        let first = (a / s - 1e-9).rounded(.up), last = (b / s + 1e-9).rounded(.down)
        guard last >= first, last - first < 10_000 else { return [] }
        let d = NumberFormat.decimalsNeeded(s)
        let p = pow(10, Double(d))
        return stride(from: first, through: last, by: 1).map { k in
            let v = k * s
            return d < 9 ? (v * p).rounded() / p : v
        }
    }

    /// The 1-2-5 step `nice` starts from for this range: the smallest one giving at most `maxCount` ticks.
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

    /// Number of multiples of `s` in [a, b].
    private static func count(_ a: Double, _ b: Double, _ s: Double) -> Int {
        let n = (b / s + 1e-9).rounded(.down) - (a / s - 1e-9).rounded(.up) + 1
        return n.isFinite ? Int(Swift.max(0, Swift.min(n, 1e6))) : 0
    }

    /// The next smaller 1-2-5 step.
    private static func finer(_ s: Double) -> Double {
        let mag = pow(10, floor(log10(s) + 1e-9))
        let m = (s / mag).rounded()
        return m >= 5 ? 2 * mag : m >= 2 ? mag : 0.5 * mag
    }

    /// Log-axis ticks (actual values, not logs) for a positive range: powers of ten, thinned to `maxCount`;
    /// 1-2-5 mantissas instead when those fit, linear ticks when nothing else gives two.
    static func log(min lo: Double, max hi: Double, maxCount: Int = 6) -> [Double] {
        guard lo.isFinite, hi.isFinite, lo > 0, hi > 0, maxCount >= 1 else { return [] }
        let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        let e0 = Int((log10(a) - 1e-9).rounded(.up)), e1 = Int((log10(b) + 1e-9).rounded(.down))
        var mantissas: [Double] = []
        for e in (e0 - 1)...(e1 + 1) {
            for m in [1.0, 2, 5] {
                let v = m * pow(10, Double(e))
                if v >= a * (1 - 1e-9) && v <= b * (1 + 1e-9) { mantissas.append(v) }
            }
        }
        if mantissas.count >= 2 && mantissas.count <= maxCount { return mantissas }
        if e1 - e0 + 1 >= 2 {
            let count = e1 - e0 + 1
            let every = (count + maxCount - 1) / maxCount
            return stride(from: e0, through: e1, by: every).map { pow(10, Double($0)) }
        }
        return nice(min: a, max: b, maxCount: maxCount)
    }
}
