import Foundation

/// A noise predictor ε̂(x_t, level | condition) on a batch: the trained net or the exact denoiser. Every diffusion
/// sampler runs on either, so sampler error and model error can be told apart.
public protocol EpsilonModel: AnyObject {
    /// Fills `out` (n×2) with ε̂ at the rows of `x` (n×2), all at one level; `condition` nil is unconditional.
    func epsilon(_ x: [Float], level: NoiseLevel, condition: Int?, into out: inout [Float])
}

/// The Bayes-optimal denoiser E[x0 | x_t] of data whose posterior has a closed form, as an ε-predictor:
/// ε* = (x_t − √ᾱ·E[x0 | x_t]) / √(1 − ᾱ) (the minimiser of the DDPM loss).
public final class ExactDenoiser: EpsilonModel {
    public enum Prior: Sendable, Equatable {
        /// A Gaussian mixture (conditions pick the components of one class).
        case mixture(GaussianMixture)
        /// Uniform on a box: independent 1D uniform posteriors per axis (tiny-diffusion's `line`).
        case box(x: ClosedRange<Double>, y: ClosedRange<Double>)
    }

    public let prior: Prior
    /// The whole mixture and each class's, ready for the posterior (empty for a box).
    private let tables: [MixtureTable]

    public init(_ prior: Prior) {
        self.prior = prior
        if case .mixture(let m) = prior {
            tables = [MixtureTable(m)] + (0..<m.classCount).map { MixtureTable(m.restricted(toClass: $0)) }
        } else {
            tables = []
        }
    }

    public func epsilon(_ x: [Float], level: NoiseLevel, condition: Int?, into out: inout [Float]) {
        let a = level.alphaBar, sa = a.squareRoot(), sn = (1 - a).squareRoot()
        for i in 0..<(x.count / 2) {
            let xt = SIMD2(Double(x[2 * i]), Double(x[2 * i + 1]))
            let x0 = posteriorMean(xt, alphaBar: a, condition: condition)
            let e = (xt - sa * x0) / sn
            out[2 * i] = Float(e.x)
            out[2 * i + 1] = Float(e.y)
        }
    }

    /// E[x0 | x_t] at signal level ᾱ.
    @inline(__always)
    public func posteriorMean(_ xt: SIMD2<Double>, alphaBar a: Double, condition: Int? = nil) -> SIMD2<Double> {
        switch prior {
        case .mixture:
            return tables[condition.map { $0 + 1 } ?? 0].posteriorMean(xt, alphaBar: a)
        case .box(let bx, let by):
            let sa = a.squareRoot(), s = ((1 - a) / a).squareRoot()
            return SIMD2(uniformPosteriorMean(xt.x / sa, s, bx), uniformPosteriorMean(xt.y / sa, s, by))
        }
    }
}

/// A mixture's centres and log-weights (components of weight 0 dropped), laid out for the posterior mean.
struct MixtureTable: Sendable {
    let centres: [SIMD2<Double>]
    let logWeights: [Double]
    let variance: Double

    init(_ m: GaussianMixture) {
        let keep = m.centres.indices.filter { m.weights[$0] > 0 }
        centres = keep.map { m.centres[$0] }
        logWeights = keep.map { log(m.weights[$0]) }
        variance = m.std * m.std
    }

    /// p_t = Σπ_k N(√ᾱ μ_k, v I) with v = ᾱs² + 1 − ᾱ, responsibilities r_k ∝ π_k N(x_t; √ᾱ μ_k, v), and
    /// E[x0 | x_t] = Σ_k r_k (μ_k + (√ᾱ s²/v)(x_t − √ᾱ μ_k)) = (1 − g√ᾱ)·Σ r_k μ_k + g·x_t with g = √ᾱ s²/v.
    @inline(__always)
    func posteriorMean(_ xt: SIMD2<Double>, alphaBar a: Double) -> SIMD2<Double> {
        let sa = a.squareRoot(), g = sa * variance / (a * variance + 1 - a)
        return (1 - g * sa) * meanCentre(xt, alphaBar: a) + g * xt
    }

    /// ∇ log p_t(x_t) = Σ_k r_k (√ᾱ μ_k − x_t)/v.
    func score(_ xt: SIMD2<Double>, alphaBar a: Double) -> SIMD2<Double> {
        (a.squareRoot() * meanCentre(xt, alphaBar: a) - xt) / (a * variance + 1 - a)
    }

    /// Σ_k r_k μ_k at x_t; two passes over the components (max, then sum) keep it stable and allocation-free.
    @inline(__always)
    func meanCentre(_ xt: SIMD2<Double>, alphaBar a: Double) -> SIMD2<Double> {
        let sa = a.squareRoot()
        let inv = 1 / (2 * (a * variance + 1 - a))
        var best = -Double.infinity
        for k in centres.indices {
            let d = xt - sa * centres[k]
            best = max(best, logWeights[k] - (d * d).sum() * inv)
        }
        var total = 0.0
        var weighted = SIMD2<Double>(0, 0)
        for k in centres.indices {
            let d = xt - sa * centres[k]
            let w = exp(logWeights[k] - (d * d).sum() * inv - best)
            total += w
            weighted += w * centres[k]
        }
        return weighted / total
    }
}

/// E[x0] for x0 ~ U[lo, hi] observed as x0 + s·ε = m: the mean of N(m, s²) truncated to [lo, hi],
/// m + s·(φ(α) − φ(β))/(Φ(β) − Φ(α)) with α = (lo − m)/s, β = (hi − m)/s.
@inline(__always)
func uniformPosteriorMean(_ m: Double, _ s: Double, _ range: ClosedRange<Double>) -> Double {
    let e = m + s * truncatedNormalShift((range.lowerBound - m) / s, (range.upperBound - m) / s)
    return min(max(e, range.lowerBound), range.upperBound)
}

/// (φ(α) − φ(β)) / (Φ(β) − Φ(α)) for α < β, stable in both tails: an interval on one side of 0 is written with the
/// Mills ratio R(x) = Q(x)/φ(x), so neither the densities nor the tail masses underflow.
func truncatedNormalShift(_ alpha: Double, _ beta: Double) -> Double {
    if beta <= 0 { return -truncatedNormalShift(-beta, -alpha) }
    if alpha >= 0 {
        let ratio = exp((alpha * alpha - beta * beta) / 2)
        return (1 - ratio) / (millsRatio(alpha) - ratio * millsRatio(beta))
    }
    let z = 0.5 * (erf(beta / 2.0.squareRoot()) - erf(alpha / 2.0.squareRoot()))
    let phi = { (x: Double) in exp(-x * x / 2) / (2 * Double.pi).squareRoot() }
    return (phi(alpha) - phi(beta)) / z
}

/// Mills ratio R(x) = Q(x)/φ(x) for x ≥ 0: by erfc while it does not underflow, else Laplace's continued fraction
/// 1/(x + 1/(x + 2/(x + 3/(x + …)))).
func millsRatio(_ x: Double) -> Double {
    if x < 25 { return erfc(x / 2.0.squareRoot()) * exp(x * x / 2) * (Double.pi / 2).squareRoot() }
    var f = x
    for k in stride(from: 40, through: 1, by: -1) { f = x + Double(k) / f }
    return 1 / f
}

extension Dataset {
    /// The data's exact denoiser where its posterior has a closed form (Gaussian mixtures, the uniform `line`).
    public var exactDenoiser: ExactDenoiser? {
        if let m = mixture { return ExactDenoiser(.mixture(m)) }
        if self == .line { return ExactDenoiser(.box(x: Dataset.lineBox.x, y: Dataset.lineBox.y)) }
        return nil
    }
}
