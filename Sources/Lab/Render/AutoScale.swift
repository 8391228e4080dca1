/// A y-range that follows the data across frames: grows at once, shrinks slowly, so curves neither clip nor jitter.
struct AutoScale: Sendable {
    /// Fraction of the gap to the data closed per update when shrinking.
    var shrinkRate: Double
    /// Headroom added on each side, as a fraction of the data span.
    var padding: Double
    /// Track the range in log10 space (for log-scale charts); inputs and outputs stay in data units.
    var logarithmic: Bool
    private(set) var lo: Double?
    private(set) var hi: Double?

    init(shrinkRate: Double = 0.05, padding: Double = 0.05, logarithmic: Bool = false) {
        self.shrinkRate = shrinkRate
        self.padding = padding
        self.logarithmic = logarithmic
    }

    /// Folds this frame's data extent in and returns the range to draw; non-finite input keeps the previous range.
    mutating func update(dataMin: Double, dataMax: Double) -> (lo: Double, hi: Double) {
        guard logarithmic else { return track(dataMin, dataMax) }
        guard dataMin > 0, dataMax > 0 else { return (pow10(lo ?? 0), pow10(hi ?? 1)) }
        let r = track(log10Value(dataMin), log10Value(dataMax))
        return (pow10(r.lo), pow10(r.hi))
    }

    private mutating func track(_ dataMin: Double, _ dataMax: Double) -> (lo: Double, hi: Double) {
        guard dataMin.isFinite, dataMax.isFinite else { return (lo ?? 0, hi ?? 1) }
        let a = min(dataMin, dataMax), b = max(dataMin, dataMax)
        let pad = (b - a) * padding
        let targetLo = a - pad, targetHi = b + pad
        guard let l = lo, let h = hi else {
            lo = targetLo
            hi = targetHi
            return (targetLo, targetHi)
        }
        lo = targetLo < l ? targetLo : l + (targetLo - l) * shrinkRate
        hi = targetHi > h ? targetHi : h + (targetHi - h) * shrinkRate
        return (lo!, hi!)
    }

    mutating func reset() {
        lo = nil
        hi = nil
    }
}
