/// Classifier-free guidance (Ho & Salimans 2021) on two overlapping classes: one ε-net learns ε(x, t, c) and, with the
/// label dropped to the null token with probability p_uncond, ε(x, t, ∅); sampling mixes them with scale s. Measured
/// against s per class: the true posterior p(c | x) of the samples, their spread, k-NN recall and MMD to p(x | c).
/// Beside it, classifier guidance (Dhariwal & Nichol 2021): a noisy classifier p(c | x_t), its own parameter group,
/// trained on the ε-net's noisy rows, steers the unconditional ε(x, ∅) at the same scales (measures prefixed `cg_`).
public final class CFGMethod: GenerativeMethod {
    public static let classifierGroup = "classifier"
    public let settings: CoreSettings
    public private(set) var config: DiffusionConfig
    public let denoiser: Denoiser
    public let exact: ExactDenoiser?
    public let mixture: GaussianMixture
    public let classifier: NoisyClassifierNet
    let exactClassifier: ExactNoisyClassifier
    let draws: DiffusionSamplers
    private var references: [ClassReference] = []
    /// Measured once: fresh data's guidance measures and the exact model's at every scale.
    private var dataScores: [(String, Double)]?
    private var exactScores: [(String, Double)] = []

    public init(settings: CoreSettings, config: DiffusionConfig) {
        self.settings = settings
        self.config = config
        mixture = settings.dataset.mixture ?? .overlappingClasses()
        denoiser = Denoiser(settings: settings, config: config, classes: max(mixture.classCount, 1))
        exact = settings.dataset.exactDenoiser
        draws = DiffusionSamplers(schedule: config.schedule, seed: settings.seed)
        var initRNG = RNG(seed: settings.seed, stream: 12)
        classifier = NoisyClassifierNet(hidden: config.classifierHidden, activation: settings.net.activation, time: settings.net.time,
                                        classes: max(mixture.classCount, 2), rng: &initRNG)
        exactClassifier = ExactNoisyClassifier(mixture)
    }

    public var name: String { "CFG" }
    public var groups: [ParameterGroup] {
        [denoiser.group(settings), ParameterGroup(name: Self.classifierGroup, parameters: classifier.parameters, config: settings.optimizer)]
    }
    public var isFinite: Bool { denoiser.isFinite && classifier.allFinite }
    public var extraMetricNames: [String] { ["classifier_loss"] }
    var classes: Int { max(mixture.classCount, 1) }
    private var labels: [Int] = []

    /// The ε-net's step (labels dropped with p_uncond), then the classifier's cross-entropy on the very same noisy
    /// rows [x_t, features(t)] with their true labels: one x_t per row, shared by both groups.
    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        let p = config.pUncond
        if labels.count != ctx.batch { labels = [Int](repeating: 0, count: ctx.batch) }
        var row = 0
        let loss = denoiser.step(ctx) { r in
            let (x, c) = ctx.data.nextLabelled()
            labels[row] = c
            row += 1
            return (x, r.uniformFloat() < p ? nil : c)
        }
        let ce = classifier.lossAndGradient(inputs: denoiser.net.mlp.workspace.input, labels: labels, rows: ctx.batch)
        ctx.update(Self.classifierGroup)
        return MethodStep(loss: loss, extra: [ce])
    }

    /// The guided ε-model: classifier-free on `model`, or classifier guidance of its unconditional half by `classifier`.
    func guide(_ model: EpsilonModel, scale: Double, classifier: NoisyClassifier?) -> EpsilonModel {
        classifier.map { ClassifierGuidedModel(model, classifier: $0, scale: scale) } ?? GuidedModel(model, scale: scale)
    }

    /// Guided samples of class `condition` (nil: row i drawn for class i mod classes); classifier guidance when given one.
    public func guided(_ model: EpsilonModel, scale: Double, condition: Int?, noise: [Float], steps: Int,
                       kind: DiffusionSamplerKind = .ancestral, eta: Double = 0, paths: Bool = false,
                       classifier: NoisyClassifier? = nil) -> SampleRun {
        let g = guide(model, scale: scale, classifier: classifier)
        guard condition == nil else {
            return draws.draw(g, kind: kind, noise: noise, steps: steps, variance: config.variance, eta: eta, condition: condition, paths: paths)
        }
        let parts = splitRows(noise, into: classes)
        let runs = parts.enumerated().map { c, z in
            draws.draw(g, kind: kind, noise: z, steps: steps, variance: config.variance, eta: eta, condition: c, paths: paths)
        }
        return interleaved(runs)
    }

    /// s = 1 (the conditional model, classes balanced) and s = 0 (unconditional), on the net and on the exact model.
    public var samplers: [Sampler] {
        var out = pair(denoiser.model, name: "", prefix: "", frozen: false)
        if let exact { out += pair(exact, name: "exact ", prefix: "exact_", frozen: true) }
        return out
    }

    private func pair(_ model: EpsilonModel, name: String, prefix: String, frozen: Bool) -> [Sampler] {
        let steps = draws.clamped([config.guidanceSteps])
        return [(1.0, "conditional s=1", ""), (0.0, "unconditional", "uncond_")].map { s, n, p in
            Sampler(name: name + n, prefix: prefix + p, evalSteps: steps, plainNames: true, frozen: frozen, exact: frozen,
                    maxSteps: config.schedule.steps, hasPaths: true) { noise, m, paths in
                self.guided(model, scale: s, condition: nil, noise: noise, steps: m, paths: paths)
            }
        }
    }

    /// The live class and scale, with the live sampler kind, on the net or the exact model.
    public func liveSampler(exact useExact: Bool) -> Sampler? {
        let live = config.live
        let onExact = useExact && exact != nil
        let model = denoiser.model(exact: onExact ? exact : nil)
        let kind: DiffusionSamplerKind = [.ancestral, .ddim, .euler, .heun].contains(live.sampler) ? live.sampler : .ancestral
        let who = live.condition.map { "class \($0)" } ?? "both classes"
        let c: NoisyClassifier? = live.classifierGuidance ? (onExact ? exactClassifier as NoisyClassifier : classifier) : nil
        return Sampler(name: (onExact ? "exact " : "") + (c == nil ? "CFG " : "CG ") + "\(who) s=\(formatNumber(live.scale))", prefix: "",
                       evalSteps: [], maxSteps: config.schedule.steps, hasPaths: true) { noise, m, paths in
            self.guided(model, scale: live.scale, condition: live.condition, noise: noise, steps: m, kind: kind, eta: live.eta, paths: paths,
                        classifier: c)
        }
    }

    /// Samples coloured by the class they were drawn for; the data by its true class.
    public func decorate(_ s: inout Snapshot) {
        let n = s.samples.count / 2
        let c = config.live.condition
        s.sampleGroups = (0..<n).map { UInt8(c ?? $0 % classes) }
        var rng = RNG(seed: settings.seed, stream: 11)
        var byClass = [[Float]](repeating: [], count: classes)
        for _ in 0..<max(s.data.count / 2, 1) {
            let (p, c) = settings.dataset.sampleLabelled(&rng)
            byClass[min(c, classes - 1)] += [p.x, p.y]
        }
        s.pointSets = byClass.enumerated().map { NamedPoints(name: "class \($0.offset)", points: $0.element) }
    }

    public var ownValidation: (prefix: String, hasFloor: Bool)? { denoiser.ownValidation }
    public func ownValidationScalars() -> [(String, Double)] { denoiser.validationScalars() }

    /// The prefix of classifier guidance's measures ("cg_class_posterior_s2"); the exact models' tags read "exact_s2".
    public static let classifierPrefix = "cg_"

    public var extraEvaluationNames: [String] {
        let scaled = { (prefix: String, exact: String) in
            self.config.guidanceScales.flatMap { GuidanceQuality.names(prefix: prefix, exact + GuidanceQuality.tag(scale: $0)) }
        }
        let cg = Self.classifierPrefix
        return denoiser.validationNames + GuidanceQuality.names("data") + scaled("", "") + scaled(cg, "")
            + (exact == nil ? [] : scaled("", "exact_") + scaled(cg, "exact_"))
    }

    /// Every scale's guidance measures (mean over classes) on the net; the data's own and the exact model's, once.
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        let parts = splitRows(noise, into: classes)
        if references.isEmpty {
            references = (0..<classes).map { ClassReference(mixture: mixture, label: $0, count: parts[$0].count / 2, seed: settings.seed) }
        }
        if dataScores == nil {
            dataScores = GuidanceQuality.mean(references.map { $0.measure($0.freshData(count: $0.points.count / 2, seed: settings.seed)) }).scalars("data")
            if let exact {
                exactScores = guidance(exact, parts, tagPrefix: "exact_")
                    + guidance(exact, parts, tagPrefix: "exact_", classifier: exactClassifier)
            }
        }
        let free = guidance(denoiser.model, parts, tagPrefix: "")
        let classified = guidance(denoiser.model, parts, tagPrefix: "", classifier: classifier)
        return denoiser.validationScalars() + (dataScores ?? []) + free + classified + exactScores
    }

    /// Every scale's measures of CFG on `model`, or of classifier guidance by `classifier` (named with `cg_`).
    private func guidance(_ model: EpsilonModel, _ parts: [[Float]], tagPrefix: String, classifier: NoisyClassifier? = nil) -> [(String, Double)] {
        config.guidanceScales.flatMap { s -> [(String, Double)] in
            let qs = (0..<classes).map { c in
                references[c].measure(guided(model, scale: s, condition: c, noise: parts[c], steps: config.guidanceSteps, classifier: classifier).final)
            }
            return GuidanceQuality.mean(qs).scalars(prefix: classifier == nil ? "" : Self.classifierPrefix, tagPrefix + GuidanceQuality.tag(scale: s))
        }
    }

    /// Live knobs: `class` (0, 1, both), `scale` (s ≥ 0), `guide` (cfg, cg), `sampler`, `eta`, `variance`.
    public func setOption(_ key: String, _ value: String) throws -> String {
        config.live = try config.live.setting(key, value, allowed: [.ancestral, .ddim, .euler, .heun])
        let l = config.live
        return "live: \(l.classifierGuidance ? "classifier guidance" : "classifier-free"), \(l.condition.map { "class \($0)" } ?? "both classes"), s = \(formatNumber(l.scale)), \(l.sampler.label)"
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { CFGMethod(settings: s, config: config) }
}

/// The rows of a flat n×2 array dealt round-robin into `parts` sets (row i goes to set i mod parts).
func splitRows(_ x: [Float], into parts: Int) -> [[Float]] {
    var out = [[Float]](repeating: [], count: parts)
    for i in 0..<(x.count / 2) { out[i % parts] += [x[2 * i], x[2 * i + 1]] }
    return out
}

/// The inverse of `splitRows`: rows dealt back in turn, for finals and for every frame of their paths.
func interleaved(_ runs: [SampleRun]) -> SampleRun {
    let final = interleave(runs.map(\.final))
    guard let first = runs.first?.trajectories, runs.allSatisfy({ $0.trajectories?.frames.count == first.frames.count }) else {
        return SampleRun(final: final)
    }
    let frames = first.frames.indices.map { f in interleave(runs.map { $0.trajectories!.frames[f] }) }
    return SampleRun(final: final, trajectories: Trajectories(frames: frames, times: first.times))
}

private func interleave(_ parts: [[Float]]) -> [Float] {
    let n = parts.reduce(0) { $0 + $1.count / 2 }
    var out = [Float](repeating: 0, count: 2 * n)
    for i in 0..<n {
        let p = parts[i % parts.count], r = i / parts.count
        out[2 * i] = p[2 * r]
        out[2 * i + 1] = p[2 * r + 1]
    }
    return out
}
