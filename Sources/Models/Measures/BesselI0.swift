import Foundation

/// log(e^{−z}·I₀(z)) for z ≥ 0, the exponentially scaled modified Bessel function, without overflow for any z.
///
/// Rings need I₀(ρr/σ²) with arguments in the thousands (I₀ itself overflows a Double past z ≈ 713). For z ≤ 25 the
/// power series I₀(z) = Σ (z²/4)ᵏ/(k!)² has only positive terms (no cancellation, sum < 10¹¹); above it the
/// asymptotic series I₀(z) ≈ eᶻ/√(2πz)·Σ ((2k−1)!!)²/(k!·(8z)ᵏ) (Abramowitz & Stegun 9.7.1) is summed until its
/// terms stop shrinking, which at z > 25 is below 10⁻²⁰.
public func logScaledBesselI0(_ z: Double) -> Double {
    precondition(z >= 0, "I₀ is used here for non-negative arguments only")
    if z <= 25 {
        let q = z * z / 4
        var term = 1.0, sum = 1.0, k = 1.0
        while term > 1e-17 * sum {
            term *= q / (k * k)
            sum += term
            k += 1
        }
        return log(sum) - z
    }
    var term = 1.0, sum = 1.0, k = 1.0
    while true {
        let next = term * (2 * k - 1) * (2 * k - 1) / (8 * z * k)
        if next >= term || next < 1e-17 { break }
        term = next
        sum += term
        k += 1
    }
    return log(sum) - 0.5 * log(2 * Double.pi * z)
}
