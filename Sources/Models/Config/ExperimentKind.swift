/// Every experiment a preset can name, with the keys its presets accept.
public enum ExperimentKind: String, CaseIterable, Sendable {
    case reflow
    case pursuit
    case kepler
    case moeBalance = "moe-balance"
    case lrBatchScaling = "lr-batch-scaling"
    case reflow2, shortcut, consistency, sid, distill
    case mup
    case spiralClassifier = "spiral-classifier"
    case infonce
    case flowAccumulation = "flow-accumulation"
    case ddpm, cfg, ddcm
    case tarflow, vq
    /// Two training presets raced side by side.
    case race
    /// A plane curve integrated from its curvature κ(s), stepped frame by frame.
    case curvature
    /// Gradient checkpointing on a deep MLP: memory against recomputation.
    case checkpointing

    /// Accepted keys: the common ones plus the experiment's own.
    public var schema: [PresetKey] {
        switch self {
        case .reflow, .flowAccumulation: Preset.commonKeys + PresetKey.training + PresetKey.optimizer + PresetKey.flow
        case .pursuit: Preset.commonKeys + PresetKey.pursuit
        case .kepler: Preset.commonKeys + PresetKey.kepler
        case .moeBalance: Preset.commonKeys + PresetKey.training + PresetKey.optimizer + PresetKey.flow.filter { $0.name != "hidden" } + PresetKey.moe
        case .lrBatchScaling: Preset.commonKeys + PresetKey.scaling
        case .reflow2, .shortcut, .consistency, .sid, .distill: Preset.commonKeys + PresetKey.training + PresetKey.optimizer + PresetKey.flow + PresetKey.oneStep
        case .mup: Preset.commonKeys + PresetKey.mup
        case .spiralClassifier: Preset.commonKeys + PresetKey.training + PresetKey.optimizer + PresetKey.flow.filter { $0.name == "hidden" } + PresetKey.spiral
        case .infonce:
            Preset.commonKeys + PresetKey.training + PresetKey.optimizer
                + PresetKey.flow.filter { ["dataset", "hidden", "activation"].contains($0.name) } + PresetKey.contrastive
        case .ddpm, .cfg, .ddcm: Preset.commonKeys + PresetKey.training + PresetKey.optimizer + PresetKey.flow.filter { $0.name != "sampler_steps" } + PresetKey.diffusion
        case .tarflow: Preset.commonKeys + PresetKey.training + PresetKey.optimizer + PresetKey.tarflow
        case .vq: Preset.commonKeys + PresetKey.training + PresetKey.optimizer + PresetKey.vq
        case .race: Preset.commonKeys + PresetKey.race
        case .curvature: Preset.commonKeys + PresetKey.curvature
        case .checkpointing: Preset.commonKeys + PresetKey.checkpointing
        }
    }

    /// Physics demos step frames instead of training.
    public var isPhysics: Bool { self == .pursuit || self == .kepler || self == .curvature }
}

extension PresetKey {
    /// Keys of every training run.
    public static let training: [PresetKey] = [
        PresetKey("batch", .int(1...65_536), default: .int(256), "examples per step"),
        PresetKey("log_every", .int(1...1_000_000), default: .int(10), "steps between metrics.csv rows"),
        PresetKey("eval_every", .int(0...1_000_000), default: .int(500), "steps between evaluations (0: only at the end)"),
        PresetKey("ema", .number(0...0.99999), default: .number(0.99), "decay of the loss EMA"),
        PresetKey("weight_ema", .number(0...0.99999), default: .number(0), "decay of an EMA of the weights, evaluated beside them as ema_* (0: off)"),
        PresetKey("weight_ema_start", .choice(WeightEMAStart.allCases.map(\.rawValue)), default: .text("weights"),
                  "how the weight EMA starts: from the weights, from zero, or from zero with the 1/(1 − dᵗ) correction"),
        PresetKey("sample_from", .choice(["raw", "ema"]), default: .text("raw"), "which weights draw the live samples and the headline"),
        PresetKey("accumulate", .int(1...1024), default: .int(1), "gradient accumulation: micro-batches of batch/k per step"),
    ]

    /// Optimizer keys, shared by every experiment that trains.
    public static let optimizer: [PresetKey] = [
        PresetKey("optimizer", .choice(OptimizerKind.allCases.map(\.rawValue)), default: .text("adam"), "optimizer at start"),
        PresetKey("lr", .number(0...10), default: .number(1e-3), "learning rate (SGD, Adam, Moonlight; Muon's AdamW side)"),
        PresetKey("muon_lr", .number(0...10), default: .number(0.02), "Muon's learning rate for hidden matrices"),
        PresetKey("momentum", .number(0...0.9999), default: .number(0.9), "SGD momentum"),
        PresetKey("nesterov", .flag, default: .bool(false), "SGD Nesterov momentum"),
        PresetKey("beta1", .number(0...0.9999), default: .number(0.9), "Adam β1"),
        PresetKey("beta2", .number(0...0.999999), default: .number(0.999), "Adam β2"),
        PresetKey("eps", .number(1e-30...10), default: .number(1e-8), "Adam ε"),
        PresetKey("weight_decay", .number(0...10), default: .number(0), "decoupled weight decay"),
        PresetKey("muon_momentum", .number(0...0.9999), default: .number(0.95), "Muon momentum β"),
        PresetKey("ns_steps", .int(1...20), default: .int(5), "Newton–Schulz iterations"),
        PresetKey("spectral_decay", .number(0...10), default: .number(0), "spectral-norm weight decay λ on hidden matrices"),
    ]

    /// Keys of 2D flow models.
    public static let flow: [PresetKey] = [
        PresetKey("dataset", Dataset.presetChoices, default: .text("gaussians8"), "2D data distribution"),
        PresetKey("hidden", .intList(1...4096, maxCount: 8), default: .intList([128, 128]), "hidden layer widths"),
        PresetKey("activation", .choice(Activation.allCases.map(\.rawValue)), default: .text("silu"), "nonlinearity"),
        PresetKey("time", .choice(["raw", "fourier", "sinusoidal"]), default: .text("raw"), "how t enters the net"),
        PresetKey("fourier_count", .int(1...32), default: .int(8), "frequencies when time = fourier or sinusoidal"),
        PresetKey("sampler", .choice(SamplerMethod.allCases.map(\.rawValue)), default: .text("euler"), "ODE solver"),
        PresetKey("sampler_steps", .int(1...128), default: .int(32), "steps of the live sampler"),
        PresetKey("eval_steps", .int(1...1000), default: .int(100), "sampler steps for evaluation and samples.csv"),
        PresetKey("eval_samples", .int(100...100_000), default: .int(2000), "samples per evaluation"),
        PresetKey("validation_size", .int(16...1_000_000), default: .int(4096), "held-out (x_t, t) pairs for validation loss"),
    ]
}

extension OptimizerConfig {
    /// The optimizer settings of a preset; keys its experiment does not have keep their defaults.
    public init(preset p: Preset, keys: Set<String>? = nil) {
        self.init()
        let has = { (k: String) in keys?.contains(k) ?? true }
        if has("optimizer") { kind = p.choice("optimizer", as: OptimizerKind.self) }
        if has("lr") { lr = Float(p.number("lr")) }
        if has("muon_lr") { muonLR = Float(p.number("muon_lr")) }
        if has("momentum") { momentum = Float(p.number("momentum")) }
        if has("nesterov") { nesterov = p.flag("nesterov") }
        if has("beta1") { beta1 = Float(p.number("beta1")) }
        if has("beta2") { beta2 = Float(p.number("beta2")) }
        if has("eps") { eps = Float(p.number("eps")) }
        if has("weight_decay") { weightDecay = Float(p.number("weight_decay")) }
        if has("muon_momentum") { muonMomentum = Float(p.number("muon_momentum")) }
        if has("ns_steps") { nsSteps = p.int("ns_steps") }
        if has("spectral_decay") { spectralDecay = Float(p.number("spectral_decay")) }
    }
}
