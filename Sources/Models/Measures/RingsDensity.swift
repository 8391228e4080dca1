import Foundation

/// Concentric circles with isotropic Gaussian noise: the density in closed form through the Bessel function I₀.
///
/// The uniform angle integrates out exactly: (1/2π)∫ exp(−‖x − r·u(θ)‖²/2σ²) dθ = exp(−(ρ² + r²)/2σ²)·I₀(ρr/σ²),
/// ρ = ‖x‖; with the scaled I₀ the exponent becomes −(ρ − r)²/2σ², finite at any distance.
public struct RingsDensity: Sendable, Equatable {
    public var radii: [Double]
    public var weights: [Double]
    public var std: Double

    public func logDensity(_ x: SIMD2<Double>) -> Double {
        let rho = (x * x).sum().squareRoot()
        let s2 = std * std
        var sum = LogSumExp()
        for (j, r) in radii.enumerated() {
            sum.add(log(weights[j]) - (rho - r) * (rho - r) / (2 * s2) + logScaledBesselI0(rho * r / s2))
        }
        return sum.value - log(2 * Double.pi * s2)
    }
}
