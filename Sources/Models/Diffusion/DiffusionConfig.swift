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

/// The diffusion settings, each bound to its preset key once; the four schedule keys rebuild the schedule they shape.
extension DiffusionConfig: PresetSettings {
    public static let settings: [Setting<DiffusionConfig>] = [
        // The live sampler's steps are the core's field; diffusion counts them over T, hence its own range and default.
        Setting(PresetKey("sampler_steps", .int(1...4000), default: .int(100), "steps of the live sampler (strided over T)")) { _, _ in },
        Setting(PresetKey("schedule", .choice(ScheduleKind.allCases.map(\.rawValue)), default: .text(DiffusionConfig().schedule.kind.rawValue),
                          "β schedule: linear or cosine")) { c, p in c.reschedule(kind: p.choice("schedule", as: ScheduleKind.self)) },
        Setting(PresetKey("timesteps", .int(2...4000), default: .int(DiffusionConfig().schedule.steps), "T, the diffusion steps the net is trained on")) { c, p in
            c.reschedule(steps: p.int("timesteps"))
        },
        Setting(PresetKey("beta_start", .number(1e-8...0.5), default: .number(DiffusionConfig().schedule.betaStart), "linear schedule: β_1")) { c, p in
            c.reschedule(betaStart: p.number("beta_start"))
        },
        Setting(PresetKey("beta_end", .number(1e-8...0.999), default: .number(DiffusionConfig().schedule.betaEnd), "linear schedule: β_T")) { c, p in
            c.reschedule(betaEnd: p.number("beta_end"))
        },
        Setting(PresetKey("variance", .choice(AncestralVariance.allCases.map(\.rawValue)), default: .text(DiffusionConfig().variance.rawValue),
                          "ancestral σ²: beta or beta-tilde")) { c, p in
            c.variance = p.choice("variance", as: AncestralVariance.self)
            c.live.variance = c.variance
        },
        .intList("step_counts", \.stepCounts, 1...4000, maxCount: 8, "sampler steps evaluated"),
        .flag("compare_reflow", \.compareReFlow, "train a rectified flow beside the ε-net for comparison"),
        .choice("live_sampler", \.live.sampler, "sampler of the live picture"),
        .number("eta", \.live.eta, 0...1, "live DDIM η"),
        .number("p_uncond", \.pUncond, 0...1, "cfg: probability of dropping the label"),
        Setting(PresetKey("guidance_scales", .intList(0...100, maxCount: 8), default: .intList(DiffusionConfig().guidanceScales.map { Int($0) }),
                          "cfg: guidance scales s measured")) { c, p in c.guidanceScales = p.intList("guidance_scales").map(Double.init) },
        .int("guidance_steps", \.guidanceSteps, 1...4000, "cfg: ancestral steps of the guided sampler"),
        .intList("classifier_hidden", \.classifierHidden, 1...4096, maxCount: 8, "cfg: hidden widths of the noisy classifier p(c | x_t)"),
        .intList("codebook_sizes", \.codebookSizes, 1...65_536, maxCount: 8, "ddcm: K of random-pick generation"),
        .intList("rate_sizes", \.rateSizes, 1...65_536, maxCount: 8, "ddcm: K of the rate–distortion sweep"),
        .intList("rate_steps", \.rateSteps, 2...4000, maxCount: 4, "ddcm: step counts of the rate–distortion sweep"),
        .int("targets", \.targets, 1...100_000, "ddcm: target points encoded per rate–distortion point"),
        .int("codebook_size", \.live.codebookSize, 1...65_536, "ddcm: live K"),
        .choice("rule", \.live.rule, "ddcm: live encoding rule"),
    ]

    public init(preset p: Preset) { self.init(reading: p) }

    /// The schedule with one of its shaping values changed.
    mutating func reschedule(kind: ScheduleKind? = nil, steps: Int? = nil, betaStart: Double? = nil, betaEnd: Double? = nil) {
        schedule = NoiseSchedule(kind: kind ?? schedule.kind, steps: steps ?? schedule.steps, betaStart: betaStart ?? schedule.betaStart,
                                 betaEnd: betaEnd ?? schedule.betaEnd)
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
                  + DiffusionConfig.keys + CoreSettings.snapshot,
               runs: .method { p, s in make(DiffusionConfig(preset: p), s) }, rules: rules)
    }

    /// Guidance needs labels: cfg trains on the two overlapping classes.
    @Sendable private static func needsTwoClasses(_ p: Preset) throws {
        if let d = Dataset(rawValue: p.text("dataset")), d.classCount < 2 {
            throw ConfigError("\(p.place("dataset")): key 'dataset': cfg needs labelled data with two classes (dataset: overlap), got '\(d.rawValue)'")
        }
    }
}
