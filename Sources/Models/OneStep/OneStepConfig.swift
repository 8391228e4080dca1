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
    public var sidFakeLoss: SiDFakeLoss = .edm
    /// Fake-score updates per generator update (the official code: 1).
    public var fakeSteps = 1
    public var generatorLR: Float = 3e-4
    public var sidBeta1: Float = 0
    /// Decay of the EMA of G's weights that samples when `generatorEMARampup` is 0; 0 samples with G itself.
    public var generatorEMA: Float = 0
    /// The official EMA: half-life this share of the images seen (ema_rampup_ratio), at most 500 kimg.
    public var generatorEMARampup: Float = 0.05

    public init() {}
}

/// The one-step settings, each bound to its preset key once; each method takes the keys it reads (`OneStepFamily`).
extension OneStepConfig: PresetSettings {
    public static let settings: [Setting<OneStepConfig>] = [
        .int("teacher_steps", \.teacherSteps, 0...10_000_000, "1-RF teacher steps before the method (reflow2, sid, distill)"),
        .number("flow_ema", \.flowEMA, 0...0.99999, "reflow2, sid, distill: EMA decay of the flows' weights (0: none)"),
        .int("pairs", \.pairs, 256...1_000_000, "reflow2, distill: fixed (z, ODE(z)) pairs"),
        .int("pair_steps", \.pairSteps, 1...1000, "reflow2, distill: Euler steps drawing the pairs"),
        Setting(PresetKey("reflow_init", .choice(["teacher", "fresh"]), default: .text("teacher"), "reflow2: start the 2-RF from the 1-RF weights or afresh")) { c, p in
            c.reflowFromTeacher = p.text("reflow_init") == "teacher"
        },
        .int("reflow_k", \.reflowK, 1...2, "distill: distil the k-RF's coupling (1 or 2)"),
        .int("reflow_steps", \.reflowSteps, 0...10_000_000, "distill: 2-RF steps when reflow_k = 2"),
        .number("bootstrap_fraction", \.bootstrapFraction, 0...1, "shortcut: share of the batch on self-consistency targets"),
        .int("shortcut_levels", \.shortcutLevels, 1...10, "shortcut: smallest step 2^-levels"),
        .number("bootstrap_ema", \.bootstrapEMA, 0...0.99999, "shortcut: EMA decay of the weights making bootstrap targets (0: current)"),
        .number("sigma_min", \.sigmaMin, 1e-6...10, "consistency: σ_min"),
        .number("sigma_max", \.sigmaMax, 0.1...10_000, "consistency: σ_max"),
        .number("rho", \.rho, 1...20, "consistency: Karras ρ"),
        .int("s0", \.s0, 1...100_000, "consistency: initial discretisation steps"),
        .int("s1", \.s1, 1...100_000, "consistency: final discretisation steps"),
        .number("p_mean", \.pMean, -10...10, "consistency: log-normal mean of σ (image units, shifted by ln(σ_d/0.5))"),
        .number("p_std", \.pStd, 0.01...10, "consistency: log-normal std of σ"),
        .number("teacher_ema", \.teacherEMA, 0...0.99999, "consistency: EMA teacher decay (0: iCT stop-gradient)"),
        .number("dropout", \.dropout, 0...0.9, "consistency: dropout rate on hidden activations while training (iCT 0.3)"),
        .number("sample_ema", \.sampleEMA, 0...0.99999, "consistency, shortcut: EMA decay of the sampling weights (0: none)"),
        .number("lambda", \.lambda, 0...3, "sid: λ (0.5 FGM, 1 SiD, 1.2 released SiD)"),
        .number("sid_init_sigma", \.sidInitSigma, 0.01...80, "sid: generator input noise σ_init (image units: × σ_d/0.5)"),
        .number("sid_tmax", \.sidTMax, 0.01...1, "sid: generator-loss noise range, tmax/1000 of the official code"),
        .choice("sid_time", \.sidTime, "sid: how the generator loss draws its noise level"),
        .choice("sid_fake_loss", \.sidFakeLoss, "sid: the fake score's loss on G's samples (official edm)"),
        .int("fake_steps", \.fakeSteps, 1...20, "sid: fake-score updates per generator update (official 1)"),
        .number("generator_lr", \.generatorLR, 0...10, "sid: generator learning rate (fake score uses lr)"),
        .number("sid_beta1", \.sidBeta1, 0...0.9999, "sid: Adam β1 of generator and fake score (official 0)"),
        .number("generator_ema", \.generatorEMA, 0...0.99999, "sid: fixed EMA decay of the sampling generator, when generator_ema_rampup is 0"),
        .number("generator_ema_rampup", \.generatorEMARampup, 0...1, "sid: EMA half-life as a share of images seen (official 0.05; 0: fixed decay)"),
    ]

    public init(preset p: Preset) { self.init(reading: p) }
}
