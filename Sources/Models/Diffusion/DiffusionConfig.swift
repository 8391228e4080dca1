/// The diffusion methods' own settings (ddpm, cfg, ddcm; data, net, optimizer and batch are the core's `CoreSettings`);
/// every field maps to a preset key.
public struct DiffusionConfig: Sendable, Equatable {
    public var schedule = NoiseSchedule()
    /// The ancestral sampler's variance in evaluations (the live picture has its own, `v`).
    public var variance: AncestralVariance = .betaTilde
    /// Step counts S every sampler is evaluated at (clamped to T), strided over the T-step schedule.
    public var stepCounts = [5, 10, 20, 50, 100, 1000]
    /// Train a rectified flow beside the ε-net, for the steps-vs-quality comparison (ddpm).
    public var compareReFlow = true

    /// cfg: probability of dropping the label to the null token, the guidance scales measured, and the sampler's steps.
    public var pUncond: Float = 0.1
    public var guidanceScales: [Double] = [0, 1, 2, 4, 8]
    public var guidanceSteps = 100
    /// cfg: hidden widths of the noisy classifier p(c | x_t) that classifier guidance follows.
    public var classifierHidden = [64, 64]

    /// ddcm: codebook sizes for random-pick generation, the rate–distortion sweep (sizes × step counts), and its targets.
    public var codebookSizes = [2, 4, 16, 64]
    public var rateSizes = [2, 4, 16, 64, 256, 1024]
    public var rateSteps = [1000, 100, 20]
    public var targets = 256

    /// What the live picture starts with (keys change it).
    public var live = LiveDiffusion()

    public init() {}
}

/// The diffusion samplers a person can pick for the live picture.
public enum DiffusionSamplerKind: String, CaseIterable, Sendable {
    case ancestral, ddim, euler, heun, reflow, ddcm

    public var label: String {
        switch self {
        case .ancestral: "ancestral"
        case .ddim: "DDIM"
        case .euler: "PF-ODE Euler"
        case .heun: "PF-ODE Heun"
        case .reflow: "ReFlow"
        case .ddcm: "DDCM"
        }
    }
}

/// The live picture's choices: sampler, η, variance, class and guidance scale (cfg), codebook size and rule (ddcm).
public struct LiveDiffusion: Sendable, Equatable {
    public var sampler: DiffusionSamplerKind = .ancestral
    public var eta: Double = 0
    public var variance: AncestralVariance = .betaTilde
    /// nil: both classes, half the samples each.
    public var condition: Int?
    public var scale: Double = 1
    /// cfg: guide the live picture by the noisy classifier (Dhariwal & Nichol) instead of classifier-free.
    public var classifierGuidance = false
    public var codebookSize = 64
    public var rule: DDCMRule = .nearest
    /// Which targets the DDCM picture encodes (`n` draws the next ones).
    public var targetDraw = 0
    public init() {}
}

extension PresetKey {
    /// Keys of the diffusion experiments.
    public static let diffusion: [PresetKey] = [
        PresetKey("sampler_steps", .int(1...4000), default: .int(100), "steps of the live sampler (strided over T)"),
        PresetKey("schedule", .choice(ScheduleKind.allCases.map(\.rawValue)), default: .text("linear"), "β schedule: linear or cosine"),
        PresetKey("timesteps", .int(2...4000), default: .int(1000), "T, the diffusion steps the net is trained on"),
        PresetKey("beta_start", .number(1e-8...0.5), default: .number(1e-4), "linear schedule: β_1"),
        PresetKey("beta_end", .number(1e-8...0.999), default: .number(0.02), "linear schedule: β_T"),
        PresetKey("variance", .choice(AncestralVariance.allCases.map(\.rawValue)), default: .text("beta-tilde"), "ancestral σ²: beta or beta-tilde"),
        PresetKey("step_counts", .intList(1...4000, maxCount: 8), default: .intList([5, 10, 20, 50, 100, 1000]), "sampler steps evaluated"),
        PresetKey("compare_reflow", .flag, default: .bool(true), "train a rectified flow beside the ε-net for comparison"),
        PresetKey("live_sampler", .choice(DiffusionSamplerKind.allCases.map(\.rawValue)), default: .text("ancestral"), "sampler of the live picture"),
        PresetKey("eta", .number(0...1), default: .number(0), "live DDIM η"),
        PresetKey("p_uncond", .number(0...1), default: .number(0.1), "cfg: probability of dropping the label"),
        PresetKey("guidance_scales", .intList(0...100, maxCount: 8), default: .intList([0, 1, 2, 4, 8]), "cfg: guidance scales s measured"),
        PresetKey("guidance_steps", .int(1...4000), default: .int(100), "cfg: ancestral steps of the guided sampler"),
        PresetKey("classifier_hidden", .intList(1...4096, maxCount: 8), default: .intList([64, 64]), "cfg: hidden widths of the noisy classifier p(c | x_t)"),
        PresetKey("codebook_sizes", .intList(1...65_536, maxCount: 8), default: .intList([2, 4, 16, 64]), "ddcm: K of random-pick generation"),
        PresetKey("rate_sizes", .intList(1...65_536, maxCount: 8), default: .intList([2, 4, 16, 64, 256, 1024]), "ddcm: K of the rate–distortion sweep"),
        PresetKey("rate_steps", .intList(2...4000, maxCount: 4), default: .intList([1000, 100, 20]), "ddcm: step counts of the rate–distortion sweep"),
        PresetKey("targets", .int(1...100_000), default: .int(256), "ddcm: target points encoded per rate–distortion point"),
        PresetKey("codebook_size", .int(1...65_536), default: .int(64), "ddcm: live K"),
        PresetKey("rule", .choice(DDCMRule.allCases.map(\.rawValue)), default: .text("nearest"), "ddcm: live encoding rule"),
    ]
}

extension DiffusionConfig {
    /// The diffusion settings of a preset.
    public init(preset p: Preset) {
        self.init()
        schedule = NoiseSchedule(kind: p.choice("schedule", as: ScheduleKind.self), steps: p.int("timesteps"),
                                 betaStart: p.number("beta_start"), betaEnd: p.number("beta_end"))
        variance = p.choice("variance", as: AncestralVariance.self)
        stepCounts = p.intList("step_counts")
        compareReFlow = p.flag("compare_reflow")
        pUncond = Float(p.number("p_uncond"))
        guidanceScales = p.intList("guidance_scales").map(Double.init)
        guidanceSteps = p.int("guidance_steps")
        classifierHidden = p.intList("classifier_hidden")
        codebookSizes = p.intList("codebook_sizes")
        rateSizes = p.intList("rate_sizes")
        rateSteps = p.intList("rate_steps")
        targets = p.int("targets")
        live.sampler = p.choice("live_sampler", as: DiffusionSamplerKind.self)
        live.eta = p.number("eta")
        live.variance = variance
        live.codebookSize = p.int("codebook_size")
        live.rule = p.choice("rule", as: DDCMRule.self)
    }
}

extension ExperimentKind {
    public static let ddpm = ExperimentKind("ddpm"), cfg = ExperimentKind("cfg"), ddcm = ExperimentKind("ddcm")
}

/// DDPM with its samplers, classifier-free and classifier guidance, and DDCM; the live picture's sampler, η, variance,
/// class, scale, codebook and rule are options of the live picture only.
extension ExperimentFamily {
    public static let diffusion = ExperimentFamily("diffusion", [
        member(.ddpm) { DDPMMethod(settings: $1, config: $0) },
        member(.cfg, rules: [Self.needsTwoClasses]) { CFGMethod(settings: $1, config: $0) },
        member(.ddcm) { DDCMMethod(settings: $1, config: $0) },
    ])

    private static func member(_ kind: ExperimentKind, rules: [@Sendable (Preset) throws -> Void] = [],
                               _ make: @escaping @Sendable (DiffusionConfig, CoreSettings) -> GenerativeMethod) -> Member {
        Member(kind, keys: CoreSettings.training + CoreSettings.optimizerKeys + CoreSettings.flow.filter { $0.name != "sampler_steps" }
                  + PresetKey.diffusion + CoreSettings.snapshot,
               runs: .method { p, s in make(DiffusionConfig(preset: p), s) }, rules: rules)
    }

    /// Guidance needs labels: cfg trains on the two overlapping classes.
    @Sendable private static func needsTwoClasses(_ p: Preset) throws {
        if let d = Dataset(rawValue: p.text("dataset")), d.classCount < 2 {
            throw ConfigError("\(p.place("dataset")): key 'dataset': cfg needs labelled data with two classes (dataset: overlap), got '\(d.rawValue)'")
        }
    }
}
