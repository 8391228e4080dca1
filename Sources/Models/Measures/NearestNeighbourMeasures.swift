import Foundation

/// Kozachenko–Leonenko entropy in 2D (Kozachenko & Leonenko 1987; Kraskov et al. 2004, eq. 20):
/// Ĥ = ψ(n) − ψ(k) + log π + (2/n) Σ log rₖ(i), from each point's distance to its k-th nearest other point.
///
/// Duplicate points have rₖ = 0 and log 0 = −∞; radii are floored at `minRadius`, so a collapsed sampler reads a
/// very low (finite) entropy and hence a large, finite kl instead of inf or NaN.
func kozachenkoLeonenkoEntropy(radii: [Double], k: Int, minRadius: Double) -> Double {
    let n = radii.count
    let logFloor = log(minRadius)
    var sumLog = 0.0
    for r in radii { sumLog += max(log(r), logFloor) }
    return digamma(Double(n)) - digamma(Double(k)) + log(Double.pi) + 2 * sumLog / Double(n)
}

/// Share of `queries` that lie inside some ball of `balls` (a tree built `withBalls`): improved precision/recall
/// (Kynkäänniemi et al. 2019): precision = samples inside the real points' k-NN balls, recall = the reverse.
func shareInsideBalls(_ queries: [Float], _ balls: KDTree) -> Double {
    let n = queries.count / 2
    var inside = 0
    for i in 0..<n where balls.anyBallContains(SIMD2(Double(queries[2 * i]), Double(queries[2 * i + 1]))) {
        inside += 1
    }
    return Double(inside) / Double(max(n, 1))
}
