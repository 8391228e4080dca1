import Foundation

/// A user's own 2D points (`dataset: csv:PATH`), standardised and split once: training draws resample the training
/// 80%, and every held-out measure (validation loss, the quality reference) uses the other 20%.
///
/// Standardising: the points are centred on their mean and divided by one factor, so that the per-coordinate RMS is
/// `targetScale`, the size of the built-in datasets (8 Gaussians: 2.87); the presets' learning rates, noise and views
/// then fit any file. One factor for both axes keeps the shape. The split is seeded apart from the preset's seed, so
/// runs with different seeds are scored on the same held-out points.
public final class PointCloud: Sendable, Hashable {
    /// The file as the user named it.
    public let path: String
    /// Standardised training and held-out points, flat [x0, y0, …].
    public let train: [Float]
    public let heldOut: [Float]
    /// The file's mean, and the factor the centred points were divided by: original = mean + scale · standardised.
    public let mean: SIMD2<Double>
    public let scale: Double

    /// Per-coordinate RMS of the standardised points.
    public static let targetScale = 3.0
    /// Fewer points leave too few held out (20) for any measure's k-NN balls.
    public static let minimumCount = 100
    /// Share of the points held out for evaluation.
    public static let heldOutShare = 0.2

    /// Standardises and splits `points` (flat, from `path`).
    public init(path: String, points: [Float]) {
        let n = points.count / 2
        precondition(n >= 2, "a point cloud needs points")
        var sum = SIMD2<Double>(0, 0)
        for i in 0..<n { sum += SIMD2(Double(points[2 * i]), Double(points[2 * i + 1])) }
        let mean = sum / Double(n)
        var square = 0.0
        for i in 0..<n {
            let d = SIMD2(Double(points[2 * i]), Double(points[2 * i + 1])) - mean
            square += (d * d).sum()
        }
        let rms = (square / Double(2 * n)).squareRoot()
        let factor = rms > 0 ? rms / Self.targetScale : 1
        var order = Array(0..<n)
        var rng = RNG(seed: 0x5EED_C5F, stream: 0)
        for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.int(below: i + 1)) }
        let held = Int((Double(n) * Self.heldOutShare).rounded())
        func standardised(_ ids: ArraySlice<Int>) -> [Float] {
            var out = [Float]()
            out.reserveCapacity(2 * ids.count)
            for i in ids {
                let p = (SIMD2(Double(points[2 * i]), Double(points[2 * i + 1])) - mean) / factor
                out += [Float(p.x), Float(p.y)]
            }
            return out
        }
        self.path = path
        self.mean = mean
        self.scale = factor
        heldOut = standardised(order[..<held])
        train = standardised(order[held...])
    }

    public var trainCount: Int { train.count / 2 }
    public var heldOutCount: Int { heldOut.count / 2 }

    /// One training point, drawn uniformly.
    @inline(__always)
    func sample(_ rng: inout RNG) -> SIMD2<Float> {
        let i = rng.int(below: trainCount)
        return SIMD2(train[2 * i], train[2 * i + 1])
    }

    /// One held-out point, drawn uniformly.
    @inline(__always)
    func sampleHeldOut(_ rng: inout RNG) -> SIMD2<Float> {
        let i = rng.int(below: heldOutCount)
        return SIMD2(heldOut[2 * i], heldOut[2 * i + 1])
    }

    /// One line on how the file was used (printed by headless runs).
    public var report: String {
        "dataset \(path): \(trainCount + heldOutCount) points, \(heldOutCount) held out for evaluation; centred at "
            + String(format: "(%.4g, %.4g) and divided by %.4g (per-coordinate RMS %g)", mean.x, mean.y, scale, Self.targetScale)
    }

    /// What a run reports of its file: the points used and how they were standardised.
    public func summary() -> JSONObject {
        var j = JSONObject()
        j.set("path", path)
        j.set("points", trainCount + heldOutCount)
        j.set("train", trainCount)
        j.set("held_out", heldOutCount)
        j.set("mean_x", mean.x)
        j.set("mean_y", mean.y)
        j.set("scale", scale)
        j.set("standardised_rms", Self.targetScale)
        return j
    }

    public static func == (a: PointCloud, b: PointCloud) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(ObjectIdentifier(self)) }

    // MARK: Loading

    /// Files loaded this process, by path: a preset's dataset is one cloud however often its name is parsed.
    private static let loaded = Locked<[String: PointCloud]>([:])

    /// The cloud of the CSV file at `path` (header x,y; at least `minimumCount` finite points), loaded once; a bad file
    /// is a `ConfigError` naming the file, the line and the field.
    public static func load(_ path: String) throws -> PointCloud {
        if let c = loaded.withLock({ $0[path] }) { return c }
        let cloud = PointCloud(path: path, points: try PointsCSV.read(path: path, minimumCount: minimumCount))
        // A point mass gives the quality reference no scale (every kernel bandwidth and k-NN ball would be 0).
        guard Self.hasSpread(cloud.heldOut), Self.hasSpread(cloud.train) else {
            throw ConfigError("\(path): the points have no spread (the held-out or training part is one repeated point); a dataset needs distinct points")
        }
        return loaded.withLock { cache in
            if let c = cache[path] { return c }
            cache[path] = cloud
            return cloud
        }
    }

    /// True when not every point of `flat` is the same.
    static func hasSpread(_ flat: [Float]) -> Bool {
        guard flat.count >= 4 else { return false }
        return stride(from: 2, to: flat.count, by: 2).contains { flat[$0] != flat[0] || flat[$0 + 1] != flat[1] }
    }

    /// The cloud of `path` if it loads (for parsing names that were validated when the preset was read).
    static func loadedOrNil(_ path: String) -> PointCloud? { try? load(path) }
}
