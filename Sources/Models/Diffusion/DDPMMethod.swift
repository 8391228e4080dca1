/// DDPM (Ho et al. 2020) on the experiment core: an ε-net trained with L_simple, sampled four ways on one net — ancestral
/// steps (DDIM η = 1 when strided), DDIM η = 0, and the probability-flow ODE by Euler and Heun on EDM's σ axis — beside
/// a rectified flow trained on the same data, and each sampler again on the exact denoiser.
public final class DDPMMethod: GenerativeMethod {
    public let settings: CoreSettings
    public private(set) var config: DiffusionConfig
    public let denoiser: Denoiser
    public let reflow: ReFlowMethod?
    public let exact: ExactDenoiser?
    let draws: DiffusionSamplers
    /// The ε-net's probability-flow ODE, whose exact likelihood the core reports (`flow_nll`, `flow_kl`, `flow_kl_half`).
    let flowField: ProbabilityFlowField
    private var pitfall: [(String, Double)]?

    /// ODE samplers (Euler, Heun, ReFlow) are evaluated up to this many steps; at 1000 they equal DDIM's limit.
    public static let odeMaxSteps = 100

    public init(settings: CoreSettings, config: DiffusionConfig) {
        self.settings = settings
        self.config = config
        denoiser = Denoiser(settings: settings, config: config)
        reflow = config.compareReFlow ? ReFlowMethod(settings: settings, group: "reflow", name: "ReFlow") : nil
        exact = settings.dataset.exactDenoiser
        draws = DiffusionSamplers(schedule: config.schedule, seed: settings.seed)
        flowField = ProbabilityFlowField(denoiser.net, schedule: config.schedule)
    }

    public var name: String { "DDPM" }
    public var likelihoodField: (field: DivergenceField, prefix: String)? { (flowField, "") }
    public var groups: [ParameterGroup] { [denoiser.group(settings)] + (reflow?.groups ?? []) }
    public var isFinite: Bool { denoiser.isFinite && (reflow?.isFinite ?? true) }
    public var extraMetricNames: [String] { reflow == nil ? [] : ["reflow_loss"] }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        let loss = denoiser.step(ctx) { _ in (ctx.data.next(), nil) }
        guard let reflow else { return MethodStep(loss: loss) }
        return MethodStep(loss: loss, extra: [reflow.trainStep(ctx).loss])
    }

    /// The step counts of each family: every count for ancestral and DDIM (the headline first, at T), ≤ 100 for ODEs.
    var ancestralSteps: [Int] { draws.clamped([config.schedule.steps] + config.stepCounts) }
    var odeSteps: [Int] { draws.clamped(config.stepCounts.filter { $0 <= Self.odeMaxSteps }) }

    /// The net's four samplers and ReFlow, then the same on the exact models (measured once).
    public var samplers: [Sampler] {
        var out = family(denoiser.model, names: "", prefix: "", frozen: false)
        if let reflow { out.append(flowSampler(reflow.net, name: "ReFlow", prefix: "reflow_", method: .euler, evalSteps: odeSteps, curveSteps: odeSteps)) }
        if let exact { out += family(exact, names: "exact ", prefix: "exact_", frozen: true) }
        if reflow != nil, let m = settings.dataset.mixture {
            out.append(flowSampler(ExactFlowField(m), name: "exact ReFlow", prefix: "exact_reflow_", method: .euler, evalSteps: odeSteps,
                                   curveSteps: odeSteps, frozen: true, exact: true))
        }
        return out
    }

    private func family(_ model: EpsilonModel, names n: String, prefix p: String, frozen: Bool) -> [Sampler] {
        let v = config.variance
        return [draws.sampler(model, kind: .ancestral, name: n + "ancestral", prefix: p, evalSteps: ancestralSteps, variance: v, frozen: frozen, exact: frozen),
                draws.sampler(model, kind: .ddim, name: n + "DDIM", prefix: p + "ddim_", evalSteps: draws.clamped(config.stepCounts), variance: v, frozen: frozen, exact: frozen),
                draws.sampler(model, kind: .euler, name: n + "Euler", prefix: p + "euler_", evalSteps: odeSteps, variance: v, frozen: frozen, exact: frozen),
                draws.sampler(model, kind: .heun, name: n + "Heun", prefix: p + "heun_", evalSteps: odeSteps, variance: v, frozen: frozen, exact: frozen)]
    }

    /// The live picture's sampler, with the live η and variance, on the net or the exact model.
    public func liveSampler(exact useExact: Bool) -> Sampler? {
        let live = config.live
        let label = liveLabel(live)
        if live.sampler == .reflow {
            guard let reflow else { return nil }
            if useExact, let m = settings.dataset.mixture {
                return flowSampler(ExactFlowField(m), name: "exact ReFlow", prefix: "", method: .euler, evalSteps: [])
            }
            return flowSampler(reflow.net, name: "ReFlow", prefix: "", method: .euler, evalSteps: [])
        }
        let model = denoiser.model(exact: useExact ? exact : nil)
        let kind: DiffusionSamplerKind = live.sampler == .ddcm ? .ancestral : live.sampler
        return draws.sampler(model, kind: kind, name: (useExact && exact != nil ? "exact " : "") + label, prefix: "", evalSteps: [],
                             variance: live.variance, eta: live.eta)
    }

    private func liveLabel(_ live: LiveDiffusion) -> String {
        switch live.sampler {
        case .ancestral, .ddcm: "ancestral " + (live.variance == .beta ? "σ²=β" : "σ²=β~")
        case .ddim: "DDIM η=\(formatNumber(live.eta))"
        default: live.sampler.label
        }
    }

    /// The ε-net's held-out loss against the exact denoiser's floor (ReFlow's own validation is left out: one loss chart).
    public var ownValidation: (prefix: String, hasFloor: Bool)? { denoiser.ownValidation }
    public func ownValidationScalars() -> [(String, Double)] { denoiser.validationScalars() }

    public var extraEvaluationNames: [String] {
        denoiser.validationNames + SchedulePitfall.allNames
    }

    /// The ε validation against the exact floor, and the schedule pitfall on `line` (exact, so measured once).
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        if pitfall == nil { pitfall = SchedulePitfall.measure(noise: noise, variance: config.variance, seed: settings.seed) }
        return denoiser.validationScalars() + (pitfall ?? [])
    }

    /// Live knobs: `sampler` (ancestral|ddim|euler|heun|reflow), `eta` (0…1), `variance` (beta|beta-tilde).
    public func setOption(_ key: String, _ value: String) throws -> String {
        config.live = try config.live.setting(key, value, allowed: reflow == nil ? [.ancestral, .ddim, .euler, .heun] : [.ancestral, .ddim, .euler, .heun, .reflow])
        return "live: " + liveLabel(config.live)
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { DDPMMethod(settings: s, config: config) }
}

extension LiveDiffusion {
    /// The live choices with one knob changed, or a one-line error naming what is allowed.
    func setting(_ key: String, _ value: String, allowed: [DiffusionSamplerKind] = DiffusionSamplerKind.allCases) throws -> LiveDiffusion {
        var l = self
        switch key {
        case "sampler":
            let k = try Self.choice(value, "sampler", DiffusionSamplerKind.self)
            guard allowed.contains(k) else { throw Self.error("sampler", allowed.map(\.rawValue).joined(separator: ", "), value) }
            l.sampler = k
        case "eta": l.eta = try Self.number(value, "η", in: 0...1)
        case "variance": l.variance = try Self.choice(value, "variance", AncestralVariance.self)
        case "class":
            guard value == "both" || Int(value).map({ (0...1).contains($0) }) == true else { throw Self.error("class", "0, 1 or both", value) }
            l.condition = Int(value)
        case "scale": l.scale = try Self.number(value, "guidance scale", in: 0...1e6)
        case "guide":
            guard ["cfg", "cg"].contains(value) else { throw Self.error("guide", "cfg (classifier-free) or cg (classifier)", value) }
            l.classifierGuidance = value == "cg"
        case "codebook_size", "k": l.codebookSize = Int(try Self.number(value, "K", in: 1...65_536, integer: true))
        case "rule": l.rule = try Self.choice(value, "rule", DDCMRule.self)
        case "target": l.targetDraw = Int(try Self.number(value, "target", in: 0...1e9, integer: true))
        default:
            throw CommandError("no live option '\(key)' (sampler, eta, variance, class, scale, guide, k, rule, target)")
        }
        return l
    }

    private static func error(_ what: String, _ allowed: String, _ value: String) -> CommandError {
        CommandError("\(what) must be \(allowed), got '\(value)'")
    }

    private static func number(_ value: String, _ what: String, in range: ClosedRange<Double>, integer: Bool = false) throws -> Double {
        guard let v = Double(value), range.contains(v), !integer || v == v.rounded() else {
            throw error(what, "\(integer ? "an integer" : "a number") in \(formatNumber(range.lowerBound))…\(formatNumber(range.upperBound))", value)
        }
        return v
    }

    private static func choice<E: RawRepresentable & CaseIterable>(_ value: String, _ what: String, _: E.Type) throws -> E where E.RawValue == String {
        guard let e = E(rawValue: value) else { throw error(what, "one of " + E.allCases.map(\.rawValue).joined(separator: ", "), value) }
        return e
    }
}
