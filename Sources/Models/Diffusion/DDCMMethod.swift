/// DDCM on the experiment core: a DDPM ε-net trained as usual, then sampled with codebook noise — random picks for
/// generation (quality vs K) and chosen picks to encode target points (distortion vs bits, for both encoding rules).
public final class DDCMMethod: GenerativeMethod {
    public let settings: CoreSettings
    public private(set) var config: DiffusionConfig
    public let denoiser: Denoiser
    public let exact: ExactDenoiser?
    public let ddcm: DDCM
    let draws: DiffusionSamplers
    /// The fixed targets of the rate–distortion sweep.
    public let targets: [Float]
    private var exactRates: [(String, Double)]?

    public init(settings: CoreSettings, config: DiffusionConfig) {
        self.settings = settings
        self.config = config
        denoiser = Denoiser(settings: settings, config: config)
        exact = settings.dataset.exactDenoiser
        ddcm = DDCM(schedule: config.schedule, seed: settings.seed)
        draws = DiffusionSamplers(schedule: config.schedule, seed: settings.seed)
        var rng = RNG(seed: settings.seed, stream: 12)
        targets = settings.dataset.sample(count: config.targets, rng: &rng)
    }

    public var name: String { "DDCM" }
    public var groups: [ParameterGroup] { [denoiser.group(settings)] }
    public var isFinite: Bool { denoiser.isFinite }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        MethodStep(loss: denoiser.step(ctx) { _ in (ctx.data.next(), nil) })
    }

    /// The name of one rate–distortion point.
    public static func distortionName(rule: DDCMRule, steps: Int, size: Int, exact: Bool = false) -> String {
        (exact ? "exact_" : "") + "distortion_\(rule.rawValue)_s\(steps)_k\(size)"
    }

    /// Unrestricted DDPM (σ² = β̃, as DDCM's steps) and random-pick DDCM at each K, on the net and the exact model.
    public var samplers: [Sampler] {
        var out = family(denoiser.model, name: "", prefix: "", frozen: false)
        if let exact { out += family(exact, name: "exact ", prefix: "exact_", frozen: true) }
        return out
    }

    private func family(_ model: EpsilonModel, name: String, prefix: String, frozen: Bool) -> [Sampler] {
        let T = [config.schedule.steps]
        let ddpm = draws.sampler(model, kind: .ancestral, name: name + "DDPM", prefix: prefix, evalSteps: T, variance: .betaTilde,
                                 plainNames: true, frozen: frozen, exact: frozen)
        return [ddpm] + config.codebookSizes.map { k in codebookSampler(model, size: k, name: name + "DDCM K=\(k)", prefix: prefix + "ddcm_k\(k)_", frozen: frozen) }
    }

    /// Random-pick generation with K codes per step. x_T is DDCM's fixed seeded start, so the noise only sets the count.
    private func codebookSampler(_ model: EpsilonModel, size: Int, name: String, prefix: String, frozen: Bool) -> Sampler {
        Sampler(name: name, prefix: prefix, evalSteps: [config.schedule.steps], plainNames: true, frozen: frozen, exact: frozen,
                maxSteps: config.schedule.steps, hasPaths: false) { noise, steps, _ in
            SampleRun(final: self.ddcm.generate(model, count: noise.count / 2, size: size, steps: steps, picks: RNG(seed: self.settings.seed, stream: 13)))
        }
    }

    /// The live picture: random-pick DDCM at the live K, or plain ancestral DDPM.
    public func liveSampler(exact useExact: Bool) -> Sampler? {
        let model = denoiser.model(exact: useExact ? exact : nil)
        let tag = useExact && exact != nil ? "exact " : ""
        guard config.live.sampler == .ddcm else {
            return draws.sampler(model, kind: .ancestral, name: tag + "DDPM", prefix: "", evalSteps: [], variance: .betaTilde)
        }
        return codebookSampler(model, size: config.live.codebookSize, name: tag + "DDCM K=\(config.live.codebookSize)", prefix: "", frozen: false)
    }

    /// Live targets from the data (the `n` key draws the next set).
    public func liveTargets(count: Int = 6) -> [Float] {
        var rng = RNG(seed: settings.seed, stream: 14 &+ UInt64(config.live.targetDraw))
        return settings.dataset.sample(count: count, rng: &rng)
    }

    /// Targets, their decoded points and the encoder's paths (target-major, every kept frame) at the live K and rule.
    public func decorate(_ s: inout Snapshot) {
        let t = liveTargets()
        let steps = max(2, min(s.samplerSteps, config.schedule.steps))
        var recorder = PathRecorder(start: ddcm.start(count: t.count / 2), steps: steps, limit: 200)
        let model = liveModel(s.samplerName)
        let code = ddcm.encode(model, targets: t, size: config.live.codebookSize, steps: steps, rule: config.live.rule) { recorder.add($0, $1) }
        let decoded = ddcm.decode(model, indices: code.indices, count: t.count / 2, size: config.live.codebookSize, steps: steps)
        let frames = recorder.frames
        let paths = (0..<(t.count / 2)).flatMap { i in frames.flatMap { [$0[2 * i], $0[2 * i + 1]] } }
        s.pointSets = [NamedPoints(name: "targets", points: t), NamedPoints(name: "decoded", points: decoded), NamedPoints(name: "paths", points: paths)]
    }

    private func liveModel(_ samplerName: String) -> EpsilonModel {
        denoiser.model(exact: samplerName.hasPrefix("exact ") ? exact : nil)
    }

    public var ownValidation: (prefix: String, hasFloor: Bool)? { denoiser.ownValidation }
    public func ownValidationScalars() -> [(String, Double)] { denoiser.validationScalars() }

    public var extraEvaluationNames: [String] {
        denoiser.validationNames + rateNames(exact: false) + (exact == nil ? [] : rateNames(exact: true))
    }

    private func rateNames(exact: Bool) -> [String] {
        DDCMRule.allCases.flatMap { r in
            config.rateSteps.flatMap { s in config.rateSizes.map { Self.distortionName(rule: r, steps: s, size: $0, exact: exact) } }
        }
    }

    /// Mean ‖x0 − decoded‖ of the targets at every (rule, steps, K), on the net; the exact model's once.
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        if exactRates == nil { exactRates = exact.map { rates($0, exact: true) } ?? [] }
        return denoiser.validationScalars() + rates(denoiser.model, exact: false) + (exactRates ?? [])
    }

    private func rates(_ model: EpsilonModel, exact: Bool) -> [(String, Double)] {
        DDCMRule.allCases.flatMap { r in
            config.rateSteps.flatMap { s in
                config.rateSizes.map { k in
                    let code = ddcm.encode(model, targets: targets, size: k, steps: s, rule: r)
                    return (Self.distortionName(rule: r, steps: s, size: k, exact: exact), meanDistance(targets, code.final))
                }
            }
        }
    }

    /// Live knobs: `sampler` (ddcm|ancestral), `k` (K), `rule` (dot|nearest), `target` (which live targets).
    public func setOption(_ key: String, _ value: String) throws -> String {
        config.live = try config.live.setting(key, value, allowed: [.ddcm, .ancestral])
        let l = config.live
        return "live: \(l.sampler == .ddcm ? "DDCM" : "DDPM"), K = \(l.codebookSize), \(l.rule.rawValue) rule"
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { DDCMMethod(settings: s, config: config) }
}
