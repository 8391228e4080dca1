import Foundation

/// The exact (or numerically exact) density of a built-in dataset, for cross-entropy, kl and excess NLL.
public enum DataDensity: Sendable {
    case mixture(GaussianMixture)
    case rings(RingsDensity)
    case curve(CurveDensity)

    public func logDensity(_ x: SIMD2<Double>) -> Double {
        switch self {
        case .mixture(let m): m.logDensity(x)
        case .rings(let r): r.logDensity(x)
        case .curve(let c): c.logDensity(x)
        }
    }

    /// −log p at every point of a flat [x0, y0, …] array.
    public func negativeLogDensities(_ points: [Float]) -> [Double] {
        (0..<(points.count / 2)).map { -logDensity(SIMD2(Double(points[2 * $0]), Double(points[2 * $0 + 1]))) }
    }
}

/// Both arms of `moons`: the angle is uniform on [0, π] and each arm has probability ½.
private let moonsDensity = CurveDensity(
    arms: [true, false].map { upper in
        CurveDensity.Arm(lower: 0, upper: Double.pi, point: { Dataset.moonsCurve($0, upper: upper) }, density: { _ in 1 / (2 * Double.pi) })
    },
    std: Dataset.moonsNoise)

/// Both arms of `spiral`: s = √u has density 2s on [0, 1], and each arm has probability ½.
private let spiralDensity = CurveDensity(
    arms: [1.0, -1.0].map { arm in
        CurveDensity.Arm(lower: 0, upper: 1, point: { Dataset.spiralCurve($0, arm: arm) }, density: { $0 })
    },
    std: Dataset.spiralNoise)

private let ringsDensity = RingsDensity(
    radii: Dataset.ringRadii, weights: Dataset.ringRadii.map { _ in 1 / Double(Dataset.ringRadii.count) }, std: Dataset.ringsNoise)

extension Dataset {
    /// The data's density, or nil where none is finite: checkerboard (and `line`) are uniform with hard edges and no noise,
    /// so any sample off them has zero density and its cross-entropy (hence kl) would be infinite; a user's points have none.
    public var density: DataDensity? {
        switch self {
        case .gaussians8, .overlap: mixture.map { .mixture($0) }
        case .rings: .rings(ringsDensity)
        case .moons: .curve(moonsDensity)
        case .spiral: .curve(spiralDensity)
        case .checkerboard, .line, .points: nil
        }
    }
}
