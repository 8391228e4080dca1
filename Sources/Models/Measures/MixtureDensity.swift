import Foundation

/// The mixture as a distribution: exact log-density and sampling (for known-bad sets such as blurs or dropped modes).
extension GaussianMixture {
    /// log p(x) = log Σ_k π_k N(x; μ_k, s²I), by log-sum-exp so far points stay finite.
    public func logDensity(_ x: SIMD2<Double>) -> Double {
        let inv = 1 / (2 * std * std)
        var sum = LogSumExp()
        for (k, c) in centres.enumerated() where weights[k] > 0 {
            let d = x - c
            sum.add(log(weights[k]) - (d * d).sum() * inv)
        }
        return sum.value - log(2 * Double.pi * std * std)
    }

    /// Index of the centre nearest to `x`, and its squared distance.
    @inline(__always)
    func nearestCentre(_ x: SIMD2<Double>) -> (index: Int, distanceSquared: Double) {
        var bestK = 0, bestD = Double.infinity
        for (k, c) in centres.enumerated() {
            let d = ((x - c) * (x - c)).sum()
            if d < bestD { bestD = d; bestK = k }
        }
        return (bestK, bestD)
    }

    /// `n` points as a flat [x0, y0, …] array: a component by its weight, then isotropic noise.
    public func sample(count n: Int, rng: inout RNG) -> [Float] {
        var cumulative = [Double](repeating: 0, count: weights.count)
        var acc = 0.0
        for (k, w) in weights.enumerated() { acc += w; cumulative[k] = acc }
        var out = [Float](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let u = rng.uniform() * acc
            let k = cumulative.firstIndex { u < $0 } ?? weights.count - 1
            out[2 * i] = Float(centres[k].x + std * rng.normal())
            out[2 * i + 1] = Float(centres[k].y + std * rng.normal())
        }
        return out
    }
}
