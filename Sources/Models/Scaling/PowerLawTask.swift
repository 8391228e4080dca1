import Foundation

/// Noisy linear regression on a power-law spectrum: Gaussian inputs with covariance H = diag(λ), λ_i = i^−α, a target
/// w* whose profile λ_i·w*_i² ∝ i^−β carries unit signal variance (Σ λ_i w*_i² = 1), labels y = x·w* + σ·ε. SGD's loss
/// curve on it is a power law in the examples seen, as real models' are; with α = 0 it is the isotropic task (H = I),
/// where one step at η ≈ 1 nearly solves it and every batch is optimal.
///
/// The population loss of weights w is exact, 0.5·E(x·w − y)² = 0.5·eᵀHe + σ²/2 with e = w − w*, so a sweep reads
/// the excess 0.5·eᵀHe over the known floor σ²/2 without a held-out set.
public struct PowerLawTask: Sendable, Equatable {
    public let dim: Int
    public let spectrumDecay: Double
    public let targetDecay: Double
    public let noise: Double
    /// λ_i, largest first (λ_1 = 1).
    public let eigenvalues: [Double]
    /// w*_i = √(c·i^−β / λ_i), c = 1/Σ i^−β; positive (a sign flip of w*_i is a sign flip of x_i, the same in law).
    public let target: [Double]

    public init(dim: Int, spectrumDecay: Double, targetDecay: Double, noise: Double) {
        precondition(dim >= 1, "the power-law task needs at least one input")
        self.dim = dim
        self.spectrumDecay = spectrumDecay
        self.targetDecay = targetDecay
        self.noise = noise
        let i = (1...dim).map(Double.init)
        eigenvalues = i.map { pow($0, -spectrumDecay) }
        let profile = i.map { pow($0, -targetDecay) }
        let c = 1 / profile.reduce(0, +)
        target = zip(profile, eigenvalues).map { (c * $0 / $1).squareRoot() }
    }

    public var traceH: Double { eigenvalues.reduce(0, +) }
    /// The loss no weights can beat: the label noise's σ²/2.
    public var floor: Double { noise * noise / 2 }

    /// Excess population loss 0.5·eᵀHe of weight error `e`.
    public func excess(_ e: [Double]) -> Double { 0.5 * zip(eigenvalues, e).reduce(0) { $0 + $1.0 * $1.1 * $1.1 } }

    /// The gradient-noise scale at weight error `e`: tr Σ/|G|² of the per-example gradient g = x(xᵀe − σε), whose mean is
    /// G = He and, by Isserlis' theorem for Gaussian x, covariance Σ = HeeᵀH + (eᵀHe + σ²)H; so
    /// B_noise = 1 + (eᵀHe + σ²)·tr H/|He|² (McCandlish et al. 2018, eq. 2.8 — their B_simple, exact here).
    public static func noiseScale(excess: Double, heSquared: Double, noise: Double, traceH: Double) -> Double {
        1 + (2 * excess + noise * noise) * traceH / heSquared
    }

    public func noiseScale(_ e: [Double]) -> Double {
        let he2 = zip(eigenvalues, e).reduce(0) { $0 + $1.0 * $1.0 * $1.1 * $1.1 }
        return Self.noiseScale(excess: excess(e), heSquared: he2, noise: noise, traceH: traceH)
    }

    /// One example of the stream: d standard normals scaled by √λ_i into `x`, then the label noise's standard normal,
    /// returned (ziggurat normals). Every batch size and learning rate of a seed reads the same stream, so they differ by
    /// batching alone.
    @inline(__always)
    static func draw(_ x: UnsafeMutablePointer<Float>, sqrtLambda: UnsafePointer<Float>, dim: Int, rng: inout RNG,
                     _ zig: borrowing ZigguratTables) -> Float {
        for k in 0..<dim { x[k] = sqrtLambda[k] * NormalZiggurat.next(&rng, zig) }
        return NormalZiggurat.next(&rng, zig)
    }
}
