import Foundation

/// Sliced Wasserstein-1 between two equal-size 2D point sets, averaged over `projections` fixed directions.
///
/// Each projection reduces W1 to 1D, where it is the mean gap between sorted projections. Directions are
/// evenly spaced angles in [0, π), so the metric is deterministic and needs no random state.
public func slicedWasserstein1(_ a: [Float], _ b: [Float], projections: Int = 64) -> Double {
    let n = a.count / 2
    precondition(n == b.count / 2 && n > 0, "sliced W1 needs two equal, non-empty sets")
    var pa = [Double](repeating: 0, count: n), pb = [Double](repeating: 0, count: n)
    var total = 0.0
    for k in 0..<projections {
        let th = Double.pi * Double(k) / Double(projections)
        let c = cos(th), s = sin(th)
        for i in 0..<n {
            pa[i] = c * Double(a[2 * i]) + s * Double(a[2 * i + 1])
            pb[i] = c * Double(b[2 * i]) + s * Double(b[2 * i + 1])
        }
        pa.sort()
        pb.sort()
        var d = 0.0
        for i in 0..<n { d += abs(pa[i] - pb[i]) }
        total += d / Double(n)
    }
    return total / Double(projections)
}

/// How well samples cover a mixture's modes.
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
