import Foundation

/// What a mixture's modes say about samples: precision within 2 std, per-mode shares and their KL to the weights.
struct ModeMeasures: Sendable, Equatable {
    /// Share of samples within 2 std of some centre (fresh isotropic data: P(χ²₂ ≤ 4) = 1 − e⁻² ≈ 0.865).
    var precision2sd: Double
    /// Share of samples whose nearest centre is k (sums to 1).
    var shares: [Double]
    /// KL(shares ‖ weights) in nats: 0 when every mode gets its true share, log 2 when half of 8 equal modes are empty.
    var kl: Double

    init(_ points: [Float], mixture: GaussianMixture) {
        let n = points.count / 2
        var counts = [Int](repeating: 0, count: mixture.centres.count)
        var within = 0
        let r2 = 4 * mixture.std * mixture.std
        for i in 0..<n {
            let nearest = mixture.nearestCentre(SIMD2(Double(points[2 * i]), Double(points[2 * i + 1])))
            counts[nearest.index] += 1
            if nearest.distanceSquared <= r2 { within += 1 }
        }
        precision2sd = Double(within) / Double(max(n, 1))
        shares = counts.map { Double($0) / Double(max(n, 1)) }
        kl = zip(shares, mixture.weights).reduce(0) { $0 + ($1.0 > 0 ? $1.0 * log($1.0 / $1.1) : 0) }
    }
}
