import Foundation

/// Boundary-condition scalings of a consistency model (Song et al. 2023, App. C; iCT keeps them):
/// f(x, σ) = c_skip(σ)·x + c_out(σ)·F(c_in(σ)·x, σ), so f(x, σ_min) = x exactly.
public struct ConsistencyScalings: Sendable, Equatable {
    public var sigmaData: Float
    public var sigmaMin: Float

    public init(sigmaData: Float, sigmaMin: Float) {
        self.sigmaData = sigmaData
        self.sigmaMin = sigmaMin
    }

    /// c_skip = σ_d²/((σ − σ_min)² + σ_d²).
    public func cSkip(_ s: Float) -> Float {
        let d2 = sigmaData * sigmaData, e = s - sigmaMin
        return d2 / (e * e + d2)
    }

    /// c_out = (σ − σ_min)·σ_d/√(σ² + σ_d²).
    public func cOut(_ s: Float) -> Float { (s - sigmaMin) * sigmaData / (s * s + sigmaData * sigmaData).squareRoot() }

    /// c_in = 1/√(σ² + σ_d²).
    public func cIn(_ s: Float) -> Float { 1 / (s * s + sigmaData * sigmaData).squareRoot() }

    /// The noise level as the network sees it, ln(σ)/4 (EDM's c_noise).
    public func cNoise(_ s: Float) -> Float { logf(s) / 4 }
}

/// The Karras et al. (2022) grid, increasing: σ_i = (σ_min^{1/ρ} + i/(N−1)·(σ_max^{1/ρ} − σ_min^{1/ρ}))^ρ, σ_0 = σ_min, σ_{N−1} = σ_max.
///
/// (references.md writes it decreasing from σ_max; iCT's code indexes it increasing, as here.)
public func karrasSigmas(count n: Int, sigmaMin: Float, sigmaMax: Float, rho: Float) -> [Float] {
    precondition(n >= 2)
    let a = powf(sigmaMin, 1 / rho), b = powf(sigmaMax, 1 / rho)
    var s = (0..<n).map { i in powf(a + Float(i) / Float(n - 1) * (b - a), rho) }
    s[0] = sigmaMin
    s[n - 1] = sigmaMax
    return s
}

/// iCT's discretisation curriculum (Song & Dhariwal 2023, eq. 5): N(k) = min(s0·2^⌊k/K′⌋, s1) + 1 with
/// K′ = ⌊K/(⌊log₂⌊s1/s0⌋⌋ + 1)⌋ for K total steps.
public func ictDiscretisation(step k: Int, totalSteps K: Int, s0: Int, s1: Int) -> Int {
    let doublings = Int(log2(Double(max(s1 / s0, 1))).rounded(.down))
    let kPrime = max(K / (doublings + 1), 1)
    let shift = min(k / kPrime, 62)
    let n = shift >= 62 ? s1 : min(s0 << shift, s1)
    return n + 1
}

/// iCT's proposal over adjacent pairs (σ_i, σ_{i+1}): p(i) ∝ erf((ln σ_{i+1} − P_mean)/(√2·P_std)) − erf((ln σ_i − P_mean)/(√2·P_std)).
public func lognormalPairProbabilities(_ sigmas: [Float], pMean: Float, pStd: Float) -> [Double] {
    let cdf = sigmas.map { erf((log(Double($0)) - Double(pMean)) / (2.0.squareRoot() * Double(pStd))) }
    let w = (0..<(sigmas.count - 1)).map { max(cdf[$0 + 1] - cdf[$0], 0) }
    let total = w.reduce(0, +)
    return total > 0 ? w.map { $0 / total } : w.map { _ in 1 / Double(w.count) }
}

/// Pseudo-Huber distance √(‖a − b‖² + c²) − c (iCT), and its gradient with respect to a.
public func pseudoHuber(_ a: SIMD2<Float>, _ b: SIMD2<Float>, c: Float) -> (value: Float, grad: SIMD2<Float>) {
    let d = a - b
    let r = ((d * d).sum() + c * c).squareRoot()
    return (r - c, d / r)
}

/// RMS of a flat point set's coordinates: the data scale σ_d the scalings are set to (the 2D data are centred).
public func rootMeanSquare(_ points: [Float]) -> Float {
    var s = 0.0
    for v in points { s += Double(v) * Double(v) }
    return Float((s / Double(max(points.count, 1))).squareRoot())
}
