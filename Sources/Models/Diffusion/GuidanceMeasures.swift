import Foundation

/// What guidance does to one class's samples, measured against that class's true conditional.
public struct GuidanceQuality: Sendable, Equatable {
    /// Mean true posterior p(c | x) of the samples (exact for the mixture): precision in the guidance sense.
    public var classPosterior: Double
    /// √det Cov of the samples: the area they spread over.
    public var diversity: Double
    /// k-NN precision and recall against fresh points of the class (Kynkäänniemi et al. 2019).
    public var knnPrecision: Double
    public var knnRecall: Double
    /// Multi-scale RBF MMD² to the class's points.
    public var mmd: Double

    /// The measures' names at one guidance scale (or "data"), in output order; `prefix` names the guide and model
    /// (classifier guidance: "cg_class_posterior_s2").
    public static func names(prefix: String = "", _ tag: String) -> [String] {
        ["class_posterior", "diversity", "knn_precision", "knn_recall", "mmd"].map { "\(prefix)\($0)_\(tag)" }
    }

    /// The tag of scale s in names: "s2", "s0.5".
    public static func tag(scale s: Double) -> String { "s" + formatNumber(s) }

    var values: [Double] { [classPosterior, diversity, knnPrecision, knnRecall, mmd] }

    /// The mean of both classes' measures (the two classes are mirror images, so one number per scale suffices).
    static func mean(_ qs: [GuidanceQuality]) -> GuidanceQuality {
        let n = Double(max(qs.count, 1))
        let v = qs.map(\.values).reduce([Double](repeating: 0, count: 5)) { zip($0, $1).map(+) }.map { $0 / n }
        return GuidanceQuality(classPosterior: v[0], diversity: v[1], knnPrecision: v[2], knnRecall: v[3], mmd: v[4])
    }

    func scalars(prefix: String = "", _ tag: String) -> [(String, Double)] { Array(zip(Self.names(prefix: prefix, tag), values)) }
}

/// A class's yardstick: fresh points of p(x | c) with their k-NN balls and kernel sum, and the full labelled mixture for
/// p(c | x). Built once per experiment.
public final class ClassReference: Sendable {
    public let mixture: GaussianMixture
    public let label: Int
    public let points: [Float]
    private let balls: KDTree
    private let kernel: MultiScaleRBF
    private let kernelPoints: PlanarPoints
    private let kernelWithin: Double

    public init(mixture: GaussianMixture, label: Int, count: Int, seed: UInt64) {
        self.mixture = mixture
        self.label = label
        var rng = RNG(seed: seed, stream: 0xC1A5_5000 &+ UInt64(label))
        points = mixture.restricted(toClass: label).sample(count: count, rng: &rng)
        let tree = KDTree(points: points)
        balls = tree.withBalls(radii: tree.kthNeighbourDistances(k: QualityReference.k))
        kernel = MultiScaleRBF(scale: Self.scale(points))
        kernelPoints = PlanarPoints(points)
        kernelWithin = kernel.withinSum(kernelPoints)
    }

    /// Every measure of `samples` (flat n×2, n > 3) of this class.
    public func measure(_ samples: [Float]) -> GuidanceQuality {
        let n = samples.count / 2
        var posterior = 0.0
        for i in 0..<n { posterior += mixture.classPosterior(label, at: SIMD2(Double(samples[2 * i]), Double(samples[2 * i + 1]))) }
        let tree = KDTree(points: samples)
        let sampleBalls = tree.withBalls(radii: tree.kthNeighbourDistances(k: QualityReference.k))
        return GuidanceQuality(classPosterior: posterior / Double(max(n, 1)), diversity: spread(samples),
                               knnPrecision: shareInsideBalls(samples, balls), knnRecall: shareInsideBalls(points, sampleBalls),
                               mmd: kernel.mmdSquared(PlanarPoints(samples), kernelPoints, withinB: kernelWithin))
    }

    /// What fresh data of the class reads (its floor), from an independent draw of `count` points.
    public func freshData(count: Int, seed: UInt64) -> [Float] {
        var rng = RNG(seed: seed, stream: 0xC1A5_5F00 &+ UInt64(label))
        return mixture.restricted(toClass: label).sample(count: count, rng: &rng)
    }

    private static func scale(_ p: [Float]) -> Double {
        let c = covariance(p)
        return ((c.xx + c.yy) / 2).squareRoot()
    }
}

/// √det Cov of a 2D point set.
public func spread(_ points: [Float]) -> Double {
    let c = covariance(points)
    return max(c.xx * c.yy - c.xy * c.xy, 0).squareRoot()
}

/// The sample covariance (1/n) of a flat n×2 point set.
func covariance(_ p: [Float]) -> (xx: Double, yy: Double, xy: Double) {
    let n = Double(max(p.count / 2, 1))
    var mx = 0.0, my = 0.0
    for i in 0..<(p.count / 2) { mx += Double(p[2 * i]); my += Double(p[2 * i + 1]) }
    mx /= n; my /= n
    var xx = 0.0, yy = 0.0, xy = 0.0
    for i in 0..<(p.count / 2) {
        let dx = Double(p[2 * i]) - mx, dy = Double(p[2 * i + 1]) - my
        xx += dx * dx; yy += dy * dy; xy += dx * dy
    }
    return (xx / n, yy / n, xy / n)
}

extension GaussianMixture {
    /// p(c | x) = Σ_{k ∈ c} π_k N(x; μ_k, s²) / Σ_k π_k N(x; μ_k, s²), by log-sum-exp.
    public func classPosterior(_ c: Int, at x: SIMD2<Double>) -> Double {
        guard let labels else { return 1 }
        let inv = 1 / (2 * std * std)
        var all = LogSumExp(), mine = LogSumExp()
        for (k, mu) in centres.enumerated() where weights[k] > 0 {
            let d = x - mu
            let l = log(weights[k]) - (d * d).sum() * inv
            all.add(l)
            if labels[k] == c { mine.add(l) }
        }
        return exp(mine.value - all.value)
    }
}
