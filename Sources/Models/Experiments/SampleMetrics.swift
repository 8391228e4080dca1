import Foundation

/// How well samples cover a mixture's modes, by the old convention (within 1.5 of a centre, covered at 2%).
///
/// Misleading (a uniform ring of radius 4 scores 90% near and 8/8 covered): superseded by `SampleQuality`'s
/// precision_2sd, mode_shares and mode_kl; kept only until the experiments measure through `QualityReference`.
public struct ModeStats: Sendable, Equatable {
    /// Modes holding at least `minShare` of the samples within `radius` of their centre.
    public var covered: Int
    public var total: Int
    /// Fraction of samples within `radius` of some centre.
    public var precision: Double
    /// Per-mode share of all samples (within radius), for histograms.
    public var shares: [Double]
}

/// A mode counts as covered if ≥ 2% of samples fall within 1.5 of its centre (the lab's convention).
public func modeStats(_ points: [Float], mixture: GaussianMixture, radius: Double = 1.5, minShare: Double = 0.02) -> ModeStats {
    let n = points.count / 2
    var counts = [Int](repeating: 0, count: mixture.centres.count)
    var near = 0
    let r2 = radius * radius
    for i in 0..<n {
        let p = SIMD2(Double(points[2 * i]), Double(points[2 * i + 1]))
        var bestK = -1, bestD = Double.infinity
        for (k, c) in mixture.centres.enumerated() {
            let d = ((p - c) * (p - c)).sum()
            if d < bestD { bestD = d; bestK = k }
        }
        if bestD <= r2 {
            near += 1
            counts[bestK] += 1
        }
    }
    let shares = counts.map { Double($0) / Double(max(n, 1)) }
    return ModeStats(
        covered: shares.filter { $0 >= minShare }.count,
        total: mixture.centres.count,
        precision: Double(near) / Double(max(n, 1)),
        shares: shares)
}
