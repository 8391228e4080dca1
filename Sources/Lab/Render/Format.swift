import Foundation

/// The one number formatter for the screen, so a value reads the same in every pane.
///
/// - Significant figures: 3 (`figures` for another count) after correct decimal rounding, so float noise never shows
///   (3.90625e-06 → "3.91e-6", 1.20000005 → "1.2").
/// - One exponent style: below 0.01 and from 1e15 up, mantissa + "e" + exponent without padding or "+" ("1.1e-4", "2e15");
///   from 1000 up, k/M/G/T suffixes ("1.5k", "12.3k", "2.30M").
/// - `readout` keeps trailing zeros, so a measured value always shows its 3 figures and a column of numbers lines
///   up ("EMA 8.00", "SW1 0.120"); `compact` drops them, for settings and labels that are exact by construction
///   ("lr 1e-3", "0.02", "batch 1k").
/// - `tick`/`ticks` give every label of one axis the same decimals, derived from the tick step.
enum NumberFormat {
    /// Shortest text with at most 3 significant figures (trailing zeros dropped): settings, axis and legend labels.
    static func compact(_ v: Double) -> String { figures(v, 3, trim: true) }

    /// Exactly 3 significant figures (trailing zeros kept): measured values in readouts and legends; "–" for nil.
    static func readout(_ v: Double?) -> String { v.map { figures($0, 3) } ?? "–" }

    /// A share as a whole percentage ("37%"); "–" when it is not a number (a diverged run's measures are NaN).
    static func percent(_ share: Double) -> String { share.isFinite ? "\(Int((share * 100).rounded()))%" : "–" }

    /// `digits` significant figures when a caller needs another count (e.g. 6 to show two radii differ); trailing zeros
    /// kept unless `trim`. One base name per function, so `let f = NumberFormat.readout` stays unambiguous.
    static func figures(_ v: Double, _ digits: Int, trim: Bool = false) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let digits = max(1, min(digits, 15))
        let sign = v < 0 ? "-" : ""
        if v == 0 { return trim || digits == 1 ? "0" : "0." + String(repeating: "0", count: digits - 1) }
        let (figures, e) = significant(abs(v), digits: digits)
        let body: String
        if e < -2 || e >= 15 {
            body = place(figures, exponent: 0, trim: trim) + "e" + String(e)
        } else if e >= 3 {
            let group = e / 3
            body = place(figures, exponent: e - 3 * group, trim: trim) + ["k", "M", "G", "T"][group - 1]
        } else {
            body = place(figures, exponent: e, trim: trim)
        }
        return sign + body
    }

    /// The decimal digits of `a` (> 0, finite) correctly rounded to `digits` figures, and the power of ten of the first one.
    static func significant(_ a: Double, digits: Int) -> (figures: [Character], exponent: Int) {
        let s = String(format: "%.*e", digits - 1, a)
        let parts = s.split(separator: "e")
        let figures = parts[0].filter { $0 != "." }
        return (Array(figures), Int(parts[1]) ?? 0)
    }

    /// Writes the figures d0 d1 d2 … as a decimal number whose first figure has place value 10^exponent.
    private static func place(_ figures: [Character], exponent e: Int, trim: Bool) -> String {
        var intPart: String, frac: String
        if e >= 0 {
            let n = e + 1
            intPart = String(figures.prefix(n)) + String(repeating: "0", count: max(0, n - figures.count))
            frac = String(figures.dropFirst(n))
        } else {
            intPart = "0"
            frac = String(repeating: "0", count: -e - 1) + String(figures)
        }
        if trim {
            while frac.last == "0" { frac.removeLast() }
        }
        if intPart.isEmpty { intPart = "0" }
        return frac.isEmpty ? intPart : intPart + "." + frac
    }

    /// A tick label consistent across an axis whose ticks are `step` apart.
    static func tick(_ v: Double, step: Double) -> String {
        guard v.isFinite else { return compact(v) }
        let step = abs(step)
        if v == 0 || (step > 0 && abs(v) < step * 1e-9) { return "0" }
        let a = abs(v), sign = v < 0 ? "-" : ""
        if a < 0.01 {
            // Same exponent style as `compact`, with as many mantissa figures as the step needs.
            let d = step > 0 ? max(0, Int(floor(log10(a) + 1e-9) - floor(log10(step) + 1e-9))) + 1 : 3
            let (figures, e) = significant(a, digits: min(d, 6))
            return sign + place(figures, exponent: 0, trim: false) + "e" + String(e)
        }
        if a >= 10_000 {
            let (div, suffix) = a >= 1e12 ? (1e12, "T") : a >= 1e9 ? (1e9, "G") : a >= 1e6 ? (1e6, "M") : (1e3, "k")
            return sign + fixed(a / div, decimals: step > 0 ? min(2, decimalsNeeded(step / div)) : 1) + suffix
        }
        return sign + fixed(a, decimals: step > 0 ? decimalsNeeded(step) : 2)
    }

    /// Labels for a whole axis in one style chosen from its largest value (the exponent style only when every tick is below
    /// 0.01, suffixes from 10 000, else fixed decimals from the step), with more decimals if two labels would read the same.
    static func ticks(_ values: [Double]) -> [String] {
        guard values.count > 1 else { return values.map { compact($0) } }
        var step = zip(values.dropFirst(), values).map { abs($0 - $1) }.filter { $0 > 0 }.min() ?? 0
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0
        func label(_ v: Double) -> String {
            guard largest >= 0.01, largest < 10_000, v.isFinite else { return tick(v, step: step) }
            return abs(v) < step * 1e-9 ? "0" : fixed(v, decimals: decimalsNeeded(step))
        }
        var labels = values.map(label)
        for _ in 0..<6 where Set(labels).count < labels.count {
            step /= 10
            labels = values.map(label)
        }
        return labels
    }

    /// Fixed-point text with exactly `decimals` digits after the point.
    static func fixed(_ v: Double, decimals: Int) -> String {
        guard v.isFinite else { return compact(v) }
        let d = max(0, min(decimals, 9))
        guard abs(v) < 1e15 else { return compact(v) }
        let s = String(format: "%.*f", d, v)
        return s.hasPrefix("-") && s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) ? String(s.dropFirst()) : s
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
}
