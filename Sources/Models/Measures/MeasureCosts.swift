import Foundation

/// One line of a cost table: a part of an evaluation and the CPU seconds of this thread it took.
public struct CostRow: Sendable, Equatable {
    public var part: String
    /// Seconds per evaluation (a one-time part: its one cost).
    public var seconds: Double
    /// Paid once per run (references, floors, frozen samplers), not at every evaluation.
    public var once = false
    /// A breakdown of the row above it (each measure of one sample set), not to be added to the total.
    public var detail = false

    public init(part: String, seconds: Double, once: Bool = false, detail: Bool = false) {
        self.part = part
        self.seconds = seconds
        self.once = once
        self.detail = detail
    }
}

/// The median thread-CPU seconds of `repeats` runs of `body` (the first one's result kept): a cost, not a wall time.
public func threadCPUCost<T>(repeats: Int = 3, _ body: () -> T) -> (seconds: Double, value: T) {
    var times: [Double] = []
    var first: T?
    for _ in 0..<max(1, repeats) {
        let start = Clock.threadCPUSeconds()
        let v = body()
        times.append(Clock.threadCPUSeconds() - start)
        if first == nil { first = v }
    }
    times.sort()
    return (times[times.count / 2], first!)
}

extension QualityReference {
    /// What each shared measure costs on one sample set (issue 28's cost table), measured apart: the k-NN entropy
    /// behind kl (a k-d tree of the samples and each one's k-th neighbour), the cross-entropy under the density,
    /// precision and recall, MMD, SW1 and the mode shares. Their sum is about what `measure` pays.
    public func measureCosts(_ samples: [Float], repeats: Int = 3) -> [CostRow] {
        var rows: [CostRow] = []
        let n = samples.count / 2
        let knn = threadCPUCost(repeats: repeats) { () -> (KDTree, [Double]) in
            let tree = KDTree(points: samples)
            let radii = tree.kthNeighbourDistances(k: Self.k)
            return (tree, radii)
        }
        if let density {
            let radii = knn.value.1
            rows.append(CostRow(part: "kl: k-NN entropy (k-d tree, k = \(Self.k) neighbours of \(n) points)", seconds: knn.seconds
                                + threadCPUCost(repeats: repeats) { knnEntropy(radii: radii) }.seconds))
            rows.append(CostRow(part: "kl: cross-entropy under the density", seconds: threadCPUCost(repeats: repeats) {
                density.negativeLogDensities(samples).reduce(0, +)
            }.seconds))
        }
        let tree = knn.value.0, radii = knn.value.1
        rows.append(CostRow(part: "precision (samples in the reference's k-NN balls)",
                            seconds: threadCPUCost(repeats: repeats) { shareInsideBalls(samples, balls) }.seconds))
        rows.append(CostRow(part: "recall (reference in the samples' k-NN balls)", seconds: threadCPUCost(repeats: repeats) {
            shareInsideBalls(points, tree.withBalls(radii: radii))
        }.seconds + (density == nil ? knn.seconds : 0)))
        rows.append(CostRow(part: "MMD (4 RBF scales, unbiased)", seconds: threadCPUCost(repeats: repeats) { mmd(samples) }.seconds))
        rows.append(CostRow(part: "SW1 (\(slices.projections) projections)",
                            seconds: threadCPUCost(repeats: repeats) { slices.distance(to: samples) }.seconds))
        if let mixture {
            rows.append(CostRow(part: "mode shares, precision_2sd", seconds: threadCPUCost(repeats: repeats) {
                ModeMeasures(samples, mixture: mixture)
            }.seconds))
        }
        return rows
    }

    /// The one-time costs of a reference like this one: building it (tree, balls, kernel term, sorted projections)
    /// and drawing its floors at the reference's size (10 fresh sets, each measured).
    public func setupCosts() -> [CostRow] {
        let build = threadCPUCost(repeats: 1) { QualityReference(dataset: dataset, points: points, seed: seed) }
        let floors = threadCPUCost(repeats: 1) { build.value.floors(count: points.count / 2) }.seconds
        return [CostRow(part: "reference: k-d tree, balls, kernel term, projections", seconds: build.seconds, once: true),
                CostRow(part: "floors: \(Self.floorDraws) fresh sets measured", seconds: floors, once: true)]
    }
}
