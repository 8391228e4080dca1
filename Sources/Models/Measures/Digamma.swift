import Foundation

/// ψ(x) = d/dx log Γ(x) for x > 0: recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the asymptotic series
/// ψ(x) ≈ log x − 1/2x − 1/12x² + 1/120x⁴ − 1/252x⁶ + 1/240x⁸ (Abramowitz & Stegun 6.3.18), error < 10⁻¹² at x = 10.
public func digamma(_ x: Double) -> Double {
    precondition(x > 0, "digamma is used here for positive arguments only")
    var x = x, shift = 0.0
    while x < 10 {
        shift -= 1 / x
        x += 1
    }
    let inv2 = 1 / (x * x)
    let series = inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 / 240)))
    return shift + log(x) - 0.5 / x - series
}
