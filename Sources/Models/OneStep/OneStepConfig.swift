/// The one-step methods' own settings (reflow2, shortcut, consistency, sid, distill; data, nets, optimizer and batch
/// are the core's `CoreSettings`); every field maps to a preset key.
public struct OneStepConfig: Sendable, Equatable {
    /// Steps of the 1-RF teacher phase that reflow2, sid and distill run first (shortcut and consistency have none).
    public var teacherSteps = 3000
    /// Decay of the EMA of every rectified flow's weights (1-RF, 2-RF, distilled G): the average samples, draws the
    /// pairs and teaches; 0 uses the trained weights themselves.
    public var flowEMA: Float = 0

    /// reflow2, distill: number of fixed (z, ODE(z)) pairs, Euler steps that draw them, and the 2-RF's initial weights.
    public var pairs = 16_384
    public var pairSteps = 100
    public var reflowFromTeacher = true
    /// distill: which coupling G(z) fits, k-RF for k = 1 or 2, and the 2-RF's steps when k = 2.
    public var reflowK = 1
    public var reflowSteps = 10_000

    /// shortcut: share of each batch on self-consistency targets; the smallest step is 2^−levels; decay of the weight
    /// EMA that builds the bootstrap targets (0: the current weights).
    public var bootstrapFraction: Float = 0.25
    public var shortcutLevels = 7
    public var bootstrapEMA: Float = 0

    /// consistency (iCT): σ range and Karras ρ in data units; curriculum N(k) = min(s0·2^⌊k/K′⌋, s1) + 1.
    public var sigmaMin: Float = 0.01
    public var sigmaMax: Float = 40
    public var rho: Float = 7
    public var s0 = 10
    public var s1 = 1280
    /// Log-normal proposal of σ_i (iCT), shifted by ln(σ_d/0.5) so it sits at the same place relative to the data.
    public var pMean: Float = -1.1
    public var pStd: Float = 2
    /// CT's EMA teacher decay; 0 means iCT's stop-gradient teacher (θ⁻ = θ).
    public var teacherEMA: Float = 0
    /// consistency: dropout rate on the hidden activations while training (iCT: 0.3 on CIFAR-10).
    public var dropout: Float = 0
    /// consistency, shortcut: decay of the EMA of the weights that sample (0: the trained weights).
    public var sampleEMA: Float = 0

    /// sid: λ (α in the SiD code), the generator's input noise level σ_init and the generator loss's largest noise
    /// level (tmax/1000 of the official code) in image units, the generator's LR and both groups' Adam β1.
    public var lambda: Float = 1
    public var sidInitSigma: Float = 2.5
    public var sidTMax: Float = 0.8
    public var sidTime: SiDTimeSchedule = .karras
    /// Fake-score updates per generator update (the official code: 1).
    public var fakeSteps = 1
    public var generatorLR: Float = 3e-4
    public var sidBeta1: Float = 0.9
    /// Decay of the EMA of G's weights that samples; 0 samples with G itself.
    public var generatorEMA: Float = 0.995

    public init() {}
}

extension PresetKey {
    /// Keys of the one-step experiments (teacher phase, method hyperparameters).
    public static let oneStep: [PresetKey] = [
        PresetKey("teacher_steps", .int(0...10_000_000), default: .int(3000), "1-RF teacher steps before the method (reflow2, sid, distill)"),
        PresetKey("flow_ema", .number(0...0.99999), default: .number(0), "reflow2, sid, distill: EMA decay of the flows' weights (0: none)"),
        PresetKey("snapshot_points", .int(16...100_000), default: .int(600), "points of the live pictures"),
        PresetKey("pairs", .int(256...1_000_000), default: .int(16_384), "reflow2, distill: fixed (z, ODE(z)) pairs"),
        PresetKey("pair_steps", .int(1...1000), default: .int(100), "reflow2, distill: Euler steps drawing the pairs"),
        PresetKey("reflow_init", .choice(["teacher", "fresh"]), default: .text("teacher"), "reflow2: start the 2-RF from the 1-RF weights or afresh"),
        PresetKey("reflow_k", .int(1...2), default: .int(1), "distill: distil the k-RF's coupling (1 or 2)"),
        PresetKey("reflow_steps", .int(0...10_000_000), default: .int(10_000), "distill: 2-RF steps when reflow_k = 2"),
        PresetKey("bootstrap_fraction", .number(0...1), default: .number(0.25), "shortcut: share of the batch on self-consistency targets"),
        PresetKey("shortcut_levels", .int(1...10), default: .int(7), "shortcut: smallest step 2^-levels"),
        PresetKey("bootstrap_ema", .number(0...0.99999), default: .number(0), "shortcut: EMA decay of the weights making bootstrap targets (0: current)"),
        PresetKey("sigma_min", .number(1e-6...10), default: .number(0.01), "consistency: σ_min"),
        PresetKey("sigma_max", .number(0.1...10_000), default: .number(40), "consistency: σ_max"),
        PresetKey("rho", .number(1...20), default: .number(7), "consistency: Karras ρ"),
        PresetKey("s0", .int(1...100_000), default: .int(10), "consistency: initial discretisation steps"),
        PresetKey("s1", .int(1...100_000), default: .int(1280), "consistency: final discretisation steps"),
        PresetKey("p_mean", .number(-10...10), default: .number(-1.1), "consistency: log-normal mean of σ (image units, shifted by ln(σ_d/0.5))"),
        PresetKey("p_std", .number(0.01...10), default: .number(2), "consistency: log-normal std of σ"),
        PresetKey("teacher_ema", .number(0...0.99999), default: .number(0), "consistency: EMA teacher decay (0: iCT stop-gradient)"),
        PresetKey("dropout", .number(0...0.9), default: .number(0), "consistency: dropout rate on hidden activations while training (iCT 0.3)"),
        PresetKey("sample_ema", .number(0...0.99999), default: .number(0), "consistency, shortcut: EMA decay of the sampling weights (0: none)"),
        PresetKey("lambda", .number(0...3), default: .number(1), "sid: λ (0.5 FGM, 1 SiD, 1.2 released SiD)"),
        PresetKey("sid_init_sigma", .number(0.01...80), default: .number(2.5), "sid: generator input noise σ_init (image units: × σ_d/0.5)"),
        PresetKey("sid_tmax", .number(0.01...1), default: .number(0.8), "sid: generator-loss noise range, tmax/1000 of the official code"),
        PresetKey("sid_time", .choice(SiDTimeSchedule.allCases.map(\.rawValue)), default: .text("karras"), "sid: how the generator loss draws its noise level"),
        PresetKey("fake_steps", .int(1...20), default: .int(1), "sid: fake-score updates per generator update (official 1)"),
        PresetKey("generator_lr", .number(0...10), default: .number(3e-4), "sid: generator learning rate (fake score uses lr)"),
        PresetKey("sid_beta1", .number(0...0.9999), default: .number(0.9), "sid: Adam β1 of generator and fake score (official 0)"),
        PresetKey("generator_ema", .number(0...0.99999), default: .number(0.995), "sid: EMA decay of the sampling generator's weights (0: none)"),
    ]
}

extension OneStepConfig {
    /// The one-step settings of a preset.
    public init(preset p: Preset) {
        self.init()
        teacherSteps = p.int("teacher_steps")
        flowEMA = Float(p.number("flow_ema"))
        pairs = p.int("pairs")
        pairSteps = p.int("pair_steps")
        reflowFromTeacher = p.text("reflow_init") == "teacher"
        reflowK = p.int("reflow_k")
        reflowSteps = p.int("reflow_steps")
        bootstrapFraction = Float(p.number("bootstrap_fraction"))
        shortcutLevels = p.int("shortcut_levels")
        bootstrapEMA = Float(p.number("bootstrap_ema"))
        sigmaMin = Float(p.number("sigma_min"))
        sigmaMax = Float(p.number("sigma_max"))
        rho = Float(p.number("rho"))
        s0 = p.int("s0")
        s1 = p.int("s1")
        pMean = Float(p.number("p_mean"))
        pStd = Float(p.number("p_std"))
        teacherEMA = Float(p.number("teacher_ema"))
        dropout = Float(p.number("dropout"))
        sampleEMA = Float(p.number("sample_ema"))
        lambda = Float(p.number("lambda"))
        sidInitSigma = Float(p.number("sid_init_sigma"))
        sidTMax = Float(p.number("sid_tmax"))
        sidTime = p.choice("sid_time", as: SiDTimeSchedule.self)
        fakeSteps = p.int("fake_steps")
        generatorLR = Float(p.number("generator_lr"))
        sidBeta1 = Float(p.number("sid_beta1"))
        generatorEMA = Float(p.number("generator_ema"))
    }
}
