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

    /// Log-axis ticks (actual values, not logs) for a positive range: the densest of 1-2-5, 1-3 and 1 mantissas per decade
    /// that gives 2…`maxCount` ticks, powers of ten every k-th decade when even that is too many, and linear 1-2-5 ticks when
    /// the range is too narrow for two log ticks (inside one decade a log axis is nearly linear).
    static func log(min lo: Double, max hi: Double, maxCount: Int = 6) -> [Double] {
        guard lo.isFinite, hi.isFinite, lo > 0, hi > 0, maxCount >= 1 else { return [] }
        let (a, b) = lo <= hi ? (lo, hi) : (hi, lo)
        let e0 = Int(floor(log10(a))), e1 = Int(floor(log10(b)))
        func inRange(_ mantissas: [Double]) -> [Double] {
            var out: [Double] = []
            for e in e0...e1 {
                for m in mantissas {
                    let v = e >= 0 ? m * pow(10, Double(e)) : m / pow(10, Double(-e))
                    if v >= a * (1 - 1e-9) && v <= b * (1 + 1e-9) { out.append(v) }
                }
            }
            return out
        }
        for set in [[1.0, 2, 5], [1, 3], [1]] {
            let t = inRange(set)
            if t.count >= 2 && t.count <= maxCount { return t }
            if t.count < 2 { break }
        }
        let decades = inRange([1]).map { Int(log10($0).rounded()) }
        if decades.count > maxCount {
            let every = (decades.count + maxCount - 1) / maxCount
            let kept = decades.filter { (($0 % every) + every) % every == 0 }
            return (kept.count >= 2 ? kept : stride(from: decades[0], through: decades[decades.count - 1], by: every).map { $0 })
                .map { $0 >= 0 ? pow(10, Double($0)) : 1 / pow(10, Double(-$0)) }
        }
        let oneTwoFive = inRange([1, 2, 5])
        if oneTwoFive.count >= 2 {
            let every = (oneTwoFive.count + maxCount - 1) / maxCount
            return Swift.stride(from: 0, to: oneTwoFive.count, by: every).map { oneTwoFive[$0] }
        }
        return nice(min: a, max: b, maxCount: Swift.max(3, maxCount))
    }
}
