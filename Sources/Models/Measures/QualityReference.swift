import Foundation

/// The noise floors at one sample size: what fresh true draws of that size read against the reference.
public struct QualityFloors: Sendable, Equatable {
    /// 95th percentiles over the draws of kl, |MMD²| and SW1.
    public var kl: Double?
    public var mmd: Double
    public var swd: Double
    /// The fresh draws' own measures (without floors), e.g. for showing what true data typically reads.
    public var fresh: [SampleQuality]
}

/// A dataset's fixed yardstick, built once from (dataset, n, seed): fresh reference points, the density, H(p_data),
/// the reference's k-NN balls, its cached kernel term and sorted projections, and the floors per sample size.
public final class QualityReference: Sendable {
    public let dataset: Dataset
    public let seed: UInt64
    /// The reference points, flat [x0, y0, …].
    public let points: [Float]
    public let density: DataDensity?
    public let mixture: GaussianMixture?
    public let entropy: DataEntropy?
    /// σ_d = √(mean per-axis variance of the reference): the kernel bandwidths and the k-NN radius floor scale with it.
    public let scale: Double

    /// k of every k-NN measure (entropy, precision, recall).
    public static let k = 3
    /// Fresh draws per floor.
    public static let floorDraws = 10
    /// MMD is quadratic in n: larger sets are measured on a seeded random subset of this many points.
    public static let mmdLimit = 4096

    let balls: KDTree
    private let kernel: MultiScaleRBF
    private let kernelPoints: PlanarPoints
    private let kernelWithin: Double
    let slices: SlicedW1Reference
    private let floorCache = Locked<[Int: QualityFloors]>([:])

    /// A reference of `count` fresh points of `dataset` drawn from `seed`; for a user's points, all of its held-out 20%.
    public convenience init(dataset: Dataset, count: Int = 2000, seed: UInt64 = 0) {
        if let c = dataset.pointCloud {
            self.init(dataset: dataset, points: c.heldOut, seed: seed)
            return
        }
        var rng = RNG(seed: seed, stream: Stream.reference)
        self.init(dataset: dataset, points: dataset.sample(count: count, rng: &rng), seed: seed)
    }

    /// A reference over given true points (e.g. an experiment's held-out set); `seed` draws the floors' fresh sets.
    public init(dataset: Dataset, points: [Float], seed: UInt64) {
        let n = points.count / 2
        precondition(n > Self.k && points.allSatisfy(\.isFinite), "a reference needs more than k finite points")
        self.dataset = dataset
        self.seed = seed
        self.points = points
        density = dataset.density
        mixture = dataset.mixture
        entropy = dataset.entropy
        var mean = SIMD2<Double>(0, 0), meanSquare = SIMD2<Double>(0, 0)
        for i in 0..<n {
            let p = SIMD2(Double(points[2 * i]), Double(points[2 * i + 1]))
            mean += p
            meanSquare += p * p
        }
        mean /= Double(n)
        scale = ((meanSquare / Double(n) - mean * mean).sum() / 2).squareRoot()
        let tree = KDTree(points: points)
        balls = tree.withBalls(radii: tree.kthNeighbourDistances(k: Self.k))
        kernel = MultiScaleRBF(scale: scale)
        kernelPoints = PlanarPoints(Self.subset(points, limit: Self.mmdLimit, seed: seed))
        kernelWithin = kernel.withinSum(kernelPoints)
        slices = SlicedW1Reference(points)
    }

    /// Every measure of `samples` (flat [x0, y0, …], any n > k) with the floors at its n; NaN throughout if a
    /// sample is not finite. The first call at a new n also draws its floors (≈ 10 measures).
    public func measure(_ samples: [Float]) -> SampleQuality {
        let n = samples.count / 2
        let f = floors(count: n)
        var q = samples.allSatisfy(\.isFinite) ? rawMeasure(samples) : notFinite(n)
        q.klFloor = f.kl
        q.mmdFloor = f.mmd
        q.swdFloor = f.swd
        return q
    }

    /// The floors at sample size `count`, drawn once and cached.
    public func floors(count n: Int) -> QualityFloors {
        precondition(n > Self.k, "measures need more than k = \(Self.k) samples")
        return floorCache.withLock { cache in
            if let f = cache[n] { return f }
            let fresh = (0..<Self.floorDraws).map { d -> SampleQuality in
                var rng = RNG(seed: seed, stream: Stream.floors &+ UInt64(n) << 8 &+ UInt64(d))
                return rawMeasure(dataset.sample(count: n, rng: &rng))
            }
            let f = QualityFloors(
                kl: density == nil ? nil : percentile95(fresh.compactMap(\.kl)),
                mmd: percentile95(fresh.map { abs($0.mmd) }),
                swd: percentile95(fresh.map(\.swd)),
                fresh: fresh)
            cache[n] = f
            return f
        }
    }

    // MARK: What the experiment core reads

    /// The scalar names `measure` yields for this dataset, in order.
    public var measureNames: [String] { SampleQuality.scalarNames(for: dataset) }

    /// The measure a quality chart follows: `kl` where the data has a density, else `mmd`.
    public var headlineMeasure: String { SampleQuality.headlineName(for: dataset) }

    /// The floors at the reference's own size, by measure name ("kl", "mmd", "swd").
    public var floors: [String: Double] {
        let f = floors(count: points.count / 2)
        var out = ["mmd": f.mmd, "swd": f.swd]
        if let kl = f.kl { out["kl"] = kl }
        return out
    }

    /// The headline measure alone (for kl: the density and k-NN radii only, no kernels or projections), e.g. for
    /// quality against sampling steps; NaN for non-finite samples.
    public func headline(of samples: [Float]) -> Double {
        precondition(samples.count / 2 > Self.k, "measures need more than k = \(Self.k) samples")
        guard samples.allSatisfy(\.isFinite) else { return .nan }
        guard let density else { return mmd(samples) }
        return divergence(samples, radii: KDTree(points: samples).kthNeighbourDistances(k: Self.k), density: density).kl
    }

    /// The reference for summary.json: dataset, size, seed, H(p_data) with its standard error, and the floors.
    public func summary() -> JSONObject {
        var o = JSONObject()
        o.set("dataset", dataset.rawValue)
        o.set("count", points.count / 2)
        o.set("seed", Int(seed))
        if let h = entropy {
            o.set("entropy", h.nats)
            o.set("entropy_se", h.standardError)
            o.set("entropy_points", h.count)
        }
        for (name, value) in floors.sorted(by: { $0.key < $1.key }) { o.set(name + "_floor", value) }
        o.set("floor_draws", Self.floorDraws)
        return o
    }

    /// The measures without floors.
    private func rawMeasure(_ samples: [Float]) -> SampleQuality {
        let tree = KDTree(points: samples)
        let radii = tree.kthNeighbourDistances(k: Self.k)
        var q = SampleQuality(
            count: samples.count / 2,
            knnPrecision: shareInsideBalls(samples, balls),
            knnRecall: shareInsideBalls(points, tree.withBalls(radii: radii)),
            mmd: mmd(samples),
            swd: slices.distance(to: samples),
            mmdFloor: .nan, swdFloor: .nan)
        if let density {
            let d = divergence(samples, radii: radii, density: density)
            q.crossEntropy = d.crossEntropy
            q.kl = d.kl
            q.excessNLL = entropy.map { d.crossEntropy - $0.nats }
        }
        if let mixture {
            let modes = ModeMeasures(samples, mixture: mixture)
            q.precision2sd = modes.precision2sd
            q.modeShares = modes.shares
            q.modeKL = modes.kl
        }
        return q
    }

    /// Cross-entropy under the data's density, and kl = cross-entropy − the samples' k-NN entropy.
    private func divergence(_ samples: [Float], radii: [Double], density: DataDensity) -> (crossEntropy: Double, kl: Double) {
        let nll = density.negativeLogDensities(samples)
        let crossEntropy = nll.reduce(0, +) / Double(nll.count)
        return (crossEntropy, crossEntropy - knnEntropy(radii: radii))
    }

    /// The samples' Kozachenko–Leonenko entropy from their k-th neighbour distances.
    func knnEntropy(radii: [Double]) -> Double {
        // Radii below the Float resolution at the data's scale cannot be told from duplicates: floor them there.
        kozachenkoLeonenkoEntropy(radii: radii, k: Self.k, minRadius: scale * 0x1p-20)
    }

    func mmd(_ samples: [Float]) -> Double {
        kernel.mmdSquared(PlanarPoints(Self.subset(samples, limit: Self.mmdLimit, seed: seed)), kernelPoints, withinB: kernelWithin)
    }

    private func notFinite(_ n: Int) -> SampleQuality {
        let hasDensity = density != nil, hasMixture = mixture != nil
        return SampleQuality(
            count: n, kl: hasDensity ? .nan : nil, crossEntropy: hasDensity ? .nan : nil, excessNLL: hasDensity ? .nan : nil,
            precision2sd: hasMixture ? .nan : nil, modeKL: hasMixture ? .nan : nil,
            modeShares: mixture.map { $0.centres.map { _ in .nan } },
            knnPrecision: .nan, knnRecall: .nan, mmd: .nan, swd: .nan, mmdFloor: .nan, swdFloor: .nan)
    }

    /// At most `limit` of the points, chosen by a seeded partial Fisher–Yates shuffle (all of them, in order, if fewer).
    static func subset(_ points: [Float], limit: Int, seed: UInt64) -> [Float] {
        let n = points.count / 2
        guard n > limit else { return points }
        var rng = RNG(seed: seed, stream: Stream.subset)
        var index = Array(0..<n)
        for i in 0..<limit { index.swapAt(i, i + rng.int(below: n - i)) }
        return index[0..<limit].flatMap { [points[2 * $0], points[2 * $0 + 1]] }
    }

    /// RNG stream labels (ASCII), apart from the training streams.
    private enum Stream {
        static let reference: UInt64 = 0x5245_4645_5245_4E43
        static let floors: UInt64 = 0x464C_4F4F_5200_0000
        static let subset: UInt64 = 0x5355_4253_4554
    }
}

/// The 95th percentile by linear interpolation between order statistics (numpy's default).
func percentile95(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    let pos = 0.95 * Double(s.count - 1)
    let lo = Int(pos), hi = min(lo + 1, s.count - 1)
    return s[lo] + (pos - Double(lo)) * (s[hi] - s[lo])
}
