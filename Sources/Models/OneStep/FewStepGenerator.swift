/// Step counts whose samples a headless run writes (samples_M.csv) and evaluates (swd_M, modes_M, precision_M).
public let oneStepEvalSteps = [1, 2, 4, 8, 128]

/// Step counts of the live "steps vs quality" curve.
public let oneStepCurveSteps = [1, 2, 4, 8, 16, 32, 64, 128]

/// Fixed noise and data for evaluation and the live picture, drawn once from their own RNG streams.
public struct OneStepEvalSet: Sendable {
    public let noise: [Float]
    public let data: [Float]
    public let snapshotNoise: [Float]
    public let snapshotData: [Float]

    public init(dataset: Dataset, count: Int, snapshotCount: Int, seed: UInt64) {
        var r = RNG(seed: seed, stream: 3)
        noise = (0..<(2 * count)).map { _ in r.normalFloat() }
        data = dataset.sample(count: count, rng: &r)
        var s = RNG(seed: seed, stream: 4)
        snapshotNoise = (0..<(2 * snapshotCount)).map { _ in s.normalFloat() }
        snapshotData = dataset.sample(count: snapshotCount, rng: &s)
    }
}

/// Sliced W1 (and, for a mixture, modes covered and precision) of `samples` against `reference`, named `prefix` + `swd_M` etc.
func appendQuality(_ samples: [Float], reference: [Float], mixture: GaussianMixture?, steps m: Int, prefix: String = "", to e: inout Evaluation) {
    e.append("\(prefix)swd_\(m)", slicedWasserstein1(samples, reference))
    if let mixture {
        let s = modeStats(samples, mixture: mixture)
        e.append("\(prefix)modes_\(m)", Double(s.covered))
        e.append("\(prefix)precision_\(m)", s.precision)
    }
}

/// Quality columns for every supported step count, in the order `appendQuality` writes them.
func qualityNames(steps: [Int], mixture: Bool, prefix: String = "") -> [String] {
    steps.flatMap { m in (mixture ? ["swd_\(m)", "modes_\(m)", "precision_\(m)"] : ["swd_\(m)"]).map { prefix + $0 } }
}

/// A model that turns noise into samples in a few steps; shared evaluation, files and snapshots for the one-step experiments.
public protocol FewStepGenerator: Experiment {
    /// Name of the method in charts and grids ("2-RF", "shortcut", …).
    var methodName: String { get }
    var dataset: Dataset { get }
    var evalSet: OneStepEvalSet { get }
    /// Step counts the method can sample with (subset of 1, 2, 4, …, 128).
    var supportedSteps: [Int] { get }
    /// Samples from `noise` (flat n×2 standard normals) in `steps` network evaluations.
    func generate(noise: [Float], steps: Int) -> [Float]
    /// A reference model sampled the same way (plain ReFlow, Euler), if the experiment has one; its 1-step quality is
    /// evaluated too (`ref_swd_1`, …), the baseline the one-step methods improve on.
    var reference: (name: String, sample: (_ noise: [Float], _ steps: Int) -> [Float])? { get }
    /// The last steps-vs-quality curves, so live snapshots redo the 255-step sweep only every `CurveCache.interval` steps.
    var curveCache: CurveCache { get }
    /// Method-specific evaluation values (straightness, transport cost, …) appended after the quality columns.
    var extraEvaluationNames: [String] { get }
    func appendExtraEvaluation(to e: inout Evaluation)
}

extension FewStepGenerator {
    public var evalStepCounts: [Int] { oneStepEvalSteps.filter(supportedSteps.contains) }

    public var evaluationNames: [String] {
        qualityNames(steps: evalStepCounts, mixture: dataset.mixture != nil)
            + (reference == nil ? [] : qualityNames(steps: [1], mixture: dataset.mixture != nil, prefix: "ref_"))
            + extraEvaluationNames
    }

    public func evaluate() -> Evaluation {
        var e = Evaluation(step: step)
        for m in evalStepCounts {
            appendQuality(generate(noise: evalSet.noise, steps: m), reference: evalSet.data, mixture: dataset.mixture, steps: m, to: &e)
        }
        if let r = reference {
            appendQuality(r.sample(evalSet.noise, 1), reference: evalSet.data, mixture: dataset.mixture, steps: 1, prefix: "ref_", to: &e)
        }
        appendExtraEvaluation(to: &e)
        return e
    }

    /// samples_M.csv for every evaluated step count.
    public func outputs() -> [(name: String, contents: String)] {
        evalStepCounts.map { m in ("samples_\(m).csv", pointsCSV(generate(noise: evalSet.noise, steps: m))) }
    }

    public func snapshot() -> Snapshot { fewStepSnapshot() }

    /// Sliced W1 against steps for this method (and the reference), 1-step samples of both, and the data.
    public func fewStepSnapshot() -> Snapshot {
        var s = Snapshot(step: step)
        let noise = evalSet.snapshotNoise, data = evalSet.snapshotData
        func curve(_ name: String, _ steps: [Int], _ sample: ([Float], Int) -> [Float]) -> NamedSeries {
            NamedSeries(name: name, points: steps.map { SIMD2(Double($0), slicedWasserstein1(sample(noise, $0), data)) })
        }
        let cache = curveCache
        if cache.curves.isEmpty || cache.step > step || step - cache.step >= CurveCache.interval {
            var curves = [curve(methodName, oneStepCurveSteps.filter(supportedSteps.contains), generate)]
            if let r = reference { curves.append(curve(r.name, oneStepCurveSteps, r.sample)) }
            cache.curves = curves
            cache.step = step
        }
        s.curves = cache.curves
        let one = generate(noise: noise, steps: 1)
        s.pointSets = [NamedPoints(name: methodName, points: one)]
        if let r = reference { s.pointSets.append(NamedPoints(name: r.name, points: r.sample(noise, 1))) }
        s.samples = one
        s.samplerSteps = 1
        s.data = data
        var e = Evaluation(step: step)
        appendQuality(one, reference: data, mixture: dataset.mixture, steps: 1, to: &e)
        s.evaluation = e
        return s
    }
}

/// The steps-vs-quality curves of the last sweep and the step they were taken at.
public final class CurveCache {
    /// Training steps between two sweeps of the live curve (each sweep costs ≈ 500 network passes on the snapshot points).
    public static let interval = 250
    var step = 0
    var curves: [NamedSeries] = []
    public init() {}
}

/// Euler samples of a flow (t = 1 noise → t = 0 data), final positions only.
func eulerSamples(_ field: VelocityField, noise: [Float], steps: Int) -> [Float] {
    integrateFlow(field, noise: noise, steps: steps).final
}

/// Mean of ‖x − z‖² over a coupling of noise z and samples x (flat n×2 each).
public func transportCost(noise z: [Float], samples x: [Float]) -> Double {
    var s = 0.0
    for j in z.indices {
        let d = Double(x[j] - z[j])
        s += d * d
    }
    return s / Double(max(z.count / 2, 1))
}

/// Weight averaging θ̄ ← μ·θ̄ + (1 − μ)·θ, for EMA teachers and EMA generators.
func moveAverage(_ average: HasParameters, toward source: HasParameters, decay mu: Float) {
    for (pa, p) in zip(average.parameters, source.parameters) {
        for j in 0..<p.count { pa.value.data[j] = mu * pa.value.data[j] + (1 - mu) * p.value.data[j] }
    }
}
