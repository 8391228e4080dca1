import Foundation

/// A Gaussian mixture with isotropic components of one std: its density and flow velocity have closed forms.
public struct GaussianMixture: Sendable, Equatable {
    public var centres: [SIMD2<Double>]
    public var std: Double
    /// Component probabilities, normalised to sum to 1 (equal unless given).
    public private(set) var weights: [Double]

    public init(centres: [SIMD2<Double>], std: Double, weights: [Double]? = nil) {
        let w = weights ?? [Double](repeating: 1, count: centres.count)
        let total = w.reduce(0, +)
        precondition(!centres.isEmpty && std > 0, "a mixture needs a centre and a positive std")
        precondition(w.count == centres.count && w.allSatisfy { $0 >= 0 } && total > 0,
                     "mixture weights must be one non-negative number per centre, not all zero")
        self.centres = centres
        self.std = std
        self.weights = w.map { $0 / total }
    }

    /// The lab's default: 8 Gaussians evenly spaced on a circle of radius 4, std 0.5.
    public static func ring(count: Int = 8, radius: Double = 4, std: Double = 0.5) -> GaussianMixture {
        GaussianMixture(
            centres: (0..<count).map { k in
                let a = 2 * Double.pi * Double(k) / Double(count)
                return SIMD2(radius * cos(a), radius * sin(a))
            },
            std: std)
    }
}

/// Centres of the default mixture, computed once (the data sampler is on the training hot path).
private let ringCentres = GaussianMixture.ring().centres

/// The 2D toy distributions a flow learns; all fit in roughly [−5, 5]².
public enum Dataset: String, CaseIterable, Sendable {
    case gaussians8, moons, checkerboard, spiral, rings

    public var label: String {
        switch self {
        case .gaussians8: "8 Gaussians"
        case .moons: "two moons"
        case .checkerboard: "checkerboard"
        case .spiral: "spiral"
        case .rings: "rings"
        }
    }

    /// The mixture behind the data when it is one (closed-form velocity, mode metrics).
    public var mixture: GaussianMixture? {
        self == .gaussians8 ? .ring() : nil
    }

    /// Draws one point.
    @inline(__always)
    public func sample(_ rng: inout RNG) -> SIMD2<Float> {
        switch self {
        case .gaussians8:
            let c = ringCentres[rng.int(below: 8)]
            return SIMD2(Float(c.x + 0.5 * rng.normal()), Float(c.y + 0.5 * rng.normal()))
        case .moons:
            let th = Double.pi * rng.uniform()
            let c = Dataset.moonsCurve(th, upper: rng.int(below: 2) == 0)
            return SIMD2(Float(c.x + Dataset.moonsNoise * rng.normal()), Float(c.y + Dataset.moonsNoise * rng.normal()))
        case .checkerboard:
            // 4×4 board over [−4, 4]², the 8 squares with even (row + col).
            let cell = rng.int(below: 8)
            let row = cell / 2
            let col = 2 * (cell % 2) + (row % 2)
            return SIMD2(Float(-4 + 2 * Double(col) + 2 * rng.uniform()), Float(-4 + 2 * Double(row) + 2 * rng.uniform()))
        case .spiral:
            // s = √u: the parameter has density 2s, so the arms are denser where the arc is longer.
            let s = rng.uniform().squareRoot()
            let c = Dataset.spiralCurve(s, arm: rng.int(below: 2) == 0 ? 1 : -1)
            return SIMD2(Float(c.x + Dataset.spiralNoise * rng.normal()), Float(c.y + Dataset.spiralNoise * rng.normal()))
        case .rings:
            let radius = Dataset.ringRadii[rng.int(below: 3)]
            let th = 2 * Double.pi * rng.uniform()
            return SIMD2(Float(radius * cos(th) + Dataset.ringsNoise * rng.normal()),
                         Float(radius * sin(th) + Dataset.ringsNoise * rng.normal()))
        }
    }

    /// `n` points as a flat [x0, y0, x1, y1, …] array.
    public func sample(count n: Int, rng: inout RNG) -> [Float] {
        var out = [Float](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let p = sample(&rng)
            out[2 * i] = p.x
            out[2 * i + 1] = p.y
        }
        return out
    }
}

/// The noiseless curves and noise levels behind the curve datasets, shared by the sampler and their densities.
extension Dataset {
    static let moonsNoise = 0.1
    static let spiralNoise = 0.15
    static let ringsNoise = 0.1
    /// Equally likely circle radii of `rings`.
    static let ringRadii = [1.0, 2.5, 4.0]

    /// sklearn's make_moons at angle th ∈ [0, π], scaled ×2 and centred.
    @inline(__always)
    static func moonsCurve(_ th: Double, upper: Bool) -> SIMD2<Double> {
        let x = upper ? cos(th) : 1 - cos(th)
        let y = upper ? sin(th) : 0.5 - sin(th)
        return SIMD2(2 * (x - 0.5), 2 * (y - 0.25))
    }

    /// One of two point-symmetric arms (arm = ±1) at s ∈ [0, 1]: radius 4s, angle 3πs (1.5 turns).
    @inline(__always)
    static func spiralCurve(_ s: Double, arm: Double) -> SIMD2<Double> {
        let th = 3 * Double.pi * s
        let r = 4 * s * arm
        return SIMD2(r * cos(th), r * sin(th))
    }
}
