import Foundation

/// A Gaussian mixture with isotropic components of one std: its density and flow velocity have closed forms.
public struct GaussianMixture: Sendable, Equatable {
    public var centres: [SIMD2<Double>]
    public var std: Double
    /// Component probabilities, normalised to sum to 1 (equal unless given).
    public private(set) var weights: [Double]
    /// The class of each component (labelled data for guidance), or nil.
    public private(set) var labels: [Int]?

    public init(centres: [SIMD2<Double>], std: Double, weights: [Double]? = nil, labels: [Int]? = nil) {
        let w = weights ?? [Double](repeating: 1, count: centres.count)
        let total = w.reduce(0, +)
        precondition(!centres.isEmpty && std > 0, "a mixture needs a centre and a positive std")
        precondition(w.count == centres.count && w.allSatisfy { $0 >= 0 } && total > 0,
                     "mixture weights must be one non-negative number per centre, not all zero")
        self.centres = centres
        self.std = std
        self.weights = w.map { $0 / total }
        precondition(labels.map { $0.count == centres.count && $0.allSatisfy { $0 >= 0 } } ?? true, "one class ≥ 0 per centre")
        self.labels = labels
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
/// The labelled mixture of `overlap`, built once.
private let overlapMixture = GaussianMixture.overlappingClasses()

/// The 2D distributions a flow learns: the built-in toys, all in roughly [−5, 5]², and a user's own points.
public enum Dataset: Sendable, Hashable, CaseIterable, RawRepresentable {
    case gaussians8, moons, checkerboard, spiral, rings
    /// tiny-diffusion's `line`: uniform on [−2, 2] × [−4, 4].
    case line
    /// Two classes of three overlapping Gaussians each (classifier-free guidance needs the overlap).
    case overlap
    /// Points from a CSV file (`csv:PATH`), standardised and split 80/20; no density, so density-free measures.
    case points(PointCloud)

    /// The built-in datasets (what `d` cycles through and presets list).
    public static let allCases: [Dataset] = [.gaussians8, .moons, .checkerboard, .spiral, .rings, .line, .overlap]

    /// A preset's spelling of a dataset file.
    public static let filePrefix = "csv:"
    /// How the file form reads among a preset key's choices.
    public static let fileChoice = "csv:PATH"
    /// A preset's `dataset` key: a built-in name or a file.
    public static let presetChoices = KeyKind.choice(allCases.map(\.rawValue) + [fileChoice])

    /// Parses a built-in name, or `csv:PATH` of a file that loads (validated with its error when the preset is read).
    public init?(rawValue: String) {
        if rawValue.hasPrefix(Self.filePrefix) {
            guard let c = PointCloud.loadedOrNil(String(rawValue.dropFirst(Self.filePrefix.count))) else { return nil }
            self = .points(c)
            return
        }
        guard let d = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
        self = d
    }

    public var rawValue: String {
        switch self {
        case .gaussians8: "gaussians8"
        case .moons: "moons"
        case .checkerboard: "checkerboard"
        case .spiral: "spiral"
        case .rings: "rings"
        case .line: "line"
        case .overlap: "overlap"
        case .points(let c): Self.filePrefix + c.path
        }
    }

    /// The user's points when the data is a file.
    public var pointCloud: PointCloud? {
        if case .points(let c) = self { return c }
        return nil
    }

    public var label: String {
        switch self {
        case .gaussians8: "8 Gaussians"
        case .moons: "two moons"
        case .checkerboard: "checkerboard"
        case .spiral: "spiral"
        case .rings: "rings"
        case .line: "line"
        case .overlap: "overlapping classes"
        case .points(let c): URL(fileURLWithPath: c.path).lastPathComponent + ", scale " + String(format: "%.3g", c.scale)
        }
    }

    /// The mixture behind the data when it is one (closed-form velocity, mode metrics).
    public var mixture: GaussianMixture? {
        switch self {
        case .gaussians8: .ring()
        case .overlap: overlapMixture
        default: nil
        }
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
        case .line:
            let b = Dataset.lineBox
            return SIMD2(Float(b.x.lowerBound + (b.x.upperBound - b.x.lowerBound) * rng.uniform()),
                         Float(b.y.lowerBound + (b.y.upperBound - b.y.lowerBound) * rng.uniform()))
        case .overlap:
            return sampleLabelled(&rng).point
        case .points(let c):
            return c.sample(&rng)
        }
    }

    /// Draws one held-out point: the file's held-out 20% for a user's points, else a fresh draw like `sample`.
    @inline(__always)
    public func sampleHeldOut(_ rng: inout RNG) -> SIMD2<Float> {
        if case .points(let c) = self { return c.sampleHeldOut(&rng) }
        return sample(&rng)
    }

    /// Classes of labelled data (0 when the data has none).
    public var classCount: Int { mixture?.classCount ?? 0 }

    /// Draws one point with its class (0 for unlabelled data); the same draws as `sample`, so its points are identical.
    @inline(__always)
    public func sampleLabelled(_ rng: inout RNG) -> (point: SIMD2<Float>, label: Int) {
        guard self == .overlap else { return (sample(&rng), 0) }
        let m = overlapMixture
        let k = rng.int(below: m.centres.count)
        let c = m.centres[k]
        return (SIMD2(Float(c.x + m.std * rng.normal()), Float(c.y + m.std * rng.normal())), m.labels![k])
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
    /// The box `line` is uniform on.
    public static let lineBox = (x: -2.0...2.0, y: -4.0...4.0)

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

/// Labelled mixtures: the classes of `overlap` and what a class's components are.
extension GaussianMixture {
    /// `cfg`'s data: class 0 at (−1.5, 0.8), (−0.3, −0.6), (−1.0, −1.5), class 1 at their mirror images x → −x,
    /// std 0.45, equal weights; the classes overlap near x = 0, so guidance has something to sharpen.
    public static func overlappingClasses(std: Double = 0.45) -> GaussianMixture {
        let left: [SIMD2<Double>] = [SIMD2(-1.5, 0.8), SIMD2(-0.3, -0.6), SIMD2(-1.0, -1.5)]
        return GaussianMixture(centres: left + left.map { SIMD2(-$0.x, $0.y) }, std: std, labels: [0, 0, 0, 1, 1, 1])
    }

    /// Number of classes (0 without labels).
    public var classCount: Int { labels.map { ($0.max() ?? -1) + 1 } ?? 0 }

    /// The mixture of one class's components, with their relative weights.
    public func restricted(toClass c: Int) -> GaussianMixture {
        let keep = centres.indices.filter { labels?[$0] == c }
        precondition(!keep.isEmpty, "class \(c) has no components")
        return GaussianMixture(centres: keep.map { centres[$0] }, std: std, weights: keep.map { weights[$0] },
                               labels: keep.map { _ in c })
    }
}
