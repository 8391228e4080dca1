import Foundation

/// The Bayes-optimal ReFlow velocity E[x1 − x0 | x_t, t] for Gaussian-mixture data: the floor no network can beat.
///
/// With x_t = (1−t)·x0 + t·x1, x0 ~ N(μ_k, s²I), x1 ~ N(0, I): given component k, x_t ~ N((1−t)μ_k, σ_t²I) with
/// σ_t² = (1−t)²s² + t², and E[x1 − x0 | x_t, k] = (t − (1−t)s²)(x_t − (1−t)μ_k)/σ_t² − μ_k.
/// The posterior over k weights these (isotropic: a softmax of log π_k − ‖x_t − (1−t)μ_k‖²/(2σ_t²)).
public func exactVelocity(_ mixture: GaussianMixture, x: SIMD2<Double>, t: Double) -> SIMD2<Double> {
    let a = 1 - t
    let s2 = mixture.std * mixture.std
    let var_t = a * a * s2 + t * t
    // Two passes over the components (the largest logit, then the weights) keep it allocation-free.
    func logit(_ k: Int) -> Double {
        let d = x - a * mixture.centres[k]
        return log(mixture.weights[k]) - (d * d).sum() / (2 * var_t)
    }
    var best = -Double.infinity
    for k in mixture.centres.indices { best = max(best, logit(k)) }
    var total = 0.0
    var v = SIMD2<Double>(0, 0)
    for (k, mu) in mixture.centres.enumerated() {
        let w = exp(logit(k) - best)
        total += w
        v += w * ((t - a * s2) * (x - a * mu) / var_t - mu)
    }
    return v / total
}
