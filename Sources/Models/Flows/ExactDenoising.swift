import Foundation

/// The yardstick for TARFLOW's denoising step on Gaussian-mixture data: the exact score of the noisy data,
/// ∇ log p_σ with p_σ = p ∗ N(0, σ²I) (the mixture with std √(s² + σ²)), in place of the flow's own.
extension GaussianMixture {
    /// ∇ₓ log p(x) = Σ_k r_k(x)·(μ_k − x)/s², r_k the posterior over components.
    public func score(_ x: SIMD2<Double>) -> SIMD2<Double> {
        let s2 = std * std
        var logits = centres.indices.map { k in log(weights[k]) - ((x - centres[k]) * (x - centres[k])).sum() / (2 * s2) }
        let top = logits.max() ?? 0
        var total = 0.0
        var g = SIMD2<Double>(0, 0)
        for k in centres.indices {
            logits[k] = exp(logits[k] - top)
            total += logits[k]
            g += logits[k] * (centres[k] - x)
        }
        return g / (total * s2)
    }

    /// The mixture convolved with N(0, σ²I): the density of noise-augmented training data.
    public func noised(_ sigma: Double) -> GaussianMixture {
        GaussianMixture(centres: centres, std: (std * std + sigma * sigma).squareRoot(), weights: weights)
    }
}

/// Tweedie's step with the exact noisy score, and how far the flow's score is from it on the same points.
public struct ExactDenoising: Sendable {
    public let noisy: GaussianMixture
    public let sigma: Double

    public init(mixture: GaussianMixture, sigma: Float) {
        self.sigma = Double(sigma)
        noisy = mixture.noised(Double(sigma))
    }

    /// x + σ²·∇ log p_σ(x) for every point.
    public func denoise(_ points: [Float]) -> [Float] {
        var out = points
        let s2 = sigma * sigma
        for i in 0..<(points.count / 2) {
            let x = SIMD2(Double(points[2 * i]), Double(points[2 * i + 1]))
            let y = x + s2 * noisy.score(x)
            out[2 * i] = Float(y.x)
            out[2 * i + 1] = Float(y.y)
        }
        return out
    }

    /// E‖s_model − s_exact‖² / E‖s_exact‖² over the points, s_model the flow's ∇ log q (0: exact, 1: as far off as no score).
    public func relativeScoreError(points: [Float], modelScore: [Float]) -> Double {
        var err = 0.0, norm = 0.0
        for i in 0..<(points.count / 2) {
            let s = noisy.score(SIMD2(Double(points[2 * i]), Double(points[2 * i + 1])))
            let m = SIMD2(Double(modelScore[2 * i]), Double(modelScore[2 * i + 1]))
            err += ((m - s) * (m - s)).sum()
            norm += (s * s).sum()
        }
        return err / max(norm, .leastNormalMagnitude)
    }
}
