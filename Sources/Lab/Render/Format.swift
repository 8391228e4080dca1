import Foundation

/// Compact number formatting for axis labels and readouts (1e-3, 0.02, 1.5k, 3000).
enum NumberFormat {
    /// A short general-purpose representation: ~3 significant digits, k/M/G suffixes from 1000, scientific below 0.01.
    static func compact(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v == 0 { return "0" }
        let a = abs(v), sign = v < 0 ? "-" : ""
        if a < 0.01 { return sign + scientific(a) }
        if a >= 1000 { return sign + suffixed(a, decimals: nil) }
        let digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3
        return sign + trimZeros(fixed(a, decimals: digits))
    }

    /// A tick label consistent across an axis whose ticks are `step` apart.
    static func tick(_ v: Double, step: Double) -> String {
        guard v.isFinite else { return compact(v) }
        let step = abs(step)
        if step > 0, abs(v) < step * 1e-9 { return "0" }
        if v == 0 { return "0" }
        let a = abs(v), sign = v < 0 ? "-" : ""
        if a < 0.01 { return sign + scientific(a) }
        if a >= 10_000 { return sign + suffixed(a, decimals: step > 0 ? decimalsNeeded(step / scale(of: a).0) : nil) }
        return sign + fixed(a, decimals: step > 0 ? decimalsNeeded(step) : 2)
    }

    /// Fixed-point text with exactly `decimals` digits after the point.
    static func fixed(_ v: Double, decimals: Int) -> String {
        let d = max(0, min(decimals, 9))
        var p = 1.0
        for _ in 0..<d { p *= 10 }
        let r = (abs(v) * p).rounded()
        guard r.isFinite, r < 9e15 else { return scientific(abs(v)) }
        let n = Int(r), ip = Int(p)
        var s = v < 0 && n != 0 ? "-" : ""
        s += String(n / ip)
        if d > 0 {
            let f = String(n % ip)
            s += "." + String(repeating: "0", count: d - f.count) + f
        }
        return s
    }

    /// Smallest number of decimals (≤ 6) that represents multiples of `step` exactly.
    static func decimalsNeeded(_ step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        var scaled = step
        for d in 0...6 {
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { return d }
            scaled *= 10
        }
        return 6
    }

    private static func scale(of a: Double) -> (Double, String) {
        if a >= 1e12 { return (1e12, "T") }
        if a >= 1e9 { return (1e9, "G") }
        if a >= 1e6 { return (1e6, "M") }
        return (1e3, "k")
    }

    private static func suffixed(_ a: Double, decimals: Int?) -> String {
        var (div, suffix) = scale(of: a)
        var m = a / div
        if decimals == nil, (m * 10).rounded() / 10 >= 1000, div < 1e12 {
            (div, suffix) = scale(of: a * 1000)
            m = a / div
        }
        if let d = decimals { return fixed(m, decimals: min(d, 2)) + suffix }
        return trimZeros(fixed(m, decimals: m >= 100 ? 0 : 1)) + suffix
    }

    private static func scientific(_ a: Double) -> String {
        guard a > 0, a.isFinite else { return "0" }
        var e = Int(floor(log10(a)))
        var m = (a / pow(10, Double(e)) * 10).rounded() / 10
        if m >= 10 { m /= 10; e += 1 }
        return trimZeros(fixed(m, decimals: 1)) + "e" + String(e)
    }

    private static func trimZeros(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.last == "0" { t = t.dropLast() }
        if t.last == "." { t = t.dropLast() }
        return String(t)
    }
}
