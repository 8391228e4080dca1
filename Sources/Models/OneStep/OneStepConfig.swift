/// The one-step methods' own settings (reflow2, shortcut, consistency, sid; data, nets, optimizer and batch are
/// the core's `CoreSettings`); every field maps to a preset key.
public struct OneStepConfig: Sendable, Equatable {
    /// Steps of the 1-RF teacher phase that reflow2 and sid run first (shortcut and consistency have none).
    public var teacherSteps = 3000

    /// reflow2: number of fixed (z, ODE(z)) pairs, Euler steps that draw them, and the 2-RF's initial weights.
    public var pairs = 16_384
    public var pairSteps = 100
    public var reflowFromTeacher = true

    /// shortcut: share of each batch on self-consistency targets; the smallest step is 2^−levels.
    public var bootstrapFraction: Float = 0.25
    public var shortcutLevels = 7

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

    /// sid: λ (α in the SiD code), the generator's input time, the range of t for both losses, and the generator's LR.
    public var lambda: Float = 1
    public var generatorTime: Float = 0.8
    public var sidTMin: Float = 0.02
    public var sidTMax: Float = 0.98
    public var generatorLR: Float = 3e-4
    /// Decay of the EMA of G's weights that samples; 0 samples with G itself.
    public var generatorEMA: Float = 0.995

    public init() {}
}

extension PresetKey {
    /// Keys of the one-step experiments (teacher phase, method hyperparameters).
    public static let oneStep: [PresetKey] = [
        PresetKey("teacher_steps", .int(0...10_000_000), default: .int(3000), "1-RF teacher steps before the method (reflow2, sid)"),
        PresetKey("snapshot_points", .int(16...100_000), default: .int(600), "points of the live pictures"),
        PresetKey("pairs", .int(256...1_000_000), default: .int(16_384), "reflow2: fixed (z, ODE(z)) pairs"),
        PresetKey("pair_steps", .int(1...1000), default: .int(100), "reflow2: Euler steps drawing the pairs"),
        PresetKey("reflow_init", .choice(["teacher", "fresh"]), default: .text("teacher"), "reflow2: start the 2-RF from the 1-RF weights or afresh"),
        PresetKey("bootstrap_fraction", .number(0...1), default: .number(0.25), "shortcut: share of the batch on self-consistency targets"),
        PresetKey("shortcut_levels", .int(1...10), default: .int(7), "shortcut: smallest step 2^-levels"),
        PresetKey("sigma_min", .number(1e-6...10), default: .number(0.01), "consistency: σ_min"),
        PresetKey("sigma_max", .number(0.1...10_000), default: .number(40), "consistency: σ_max"),
        PresetKey("rho", .number(1...20), default: .number(7), "consistency: Karras ρ"),
        PresetKey("s0", .int(1...100_000), default: .int(10), "consistency: initial discretisation steps"),
        PresetKey("s1", .int(1...100_000), default: .int(1280), "consistency: final discretisation steps"),
        PresetKey("p_mean", .number(-10...10), default: .number(-1.1), "consistency: log-normal mean of σ (image units, shifted by ln(σ_d/0.5))"),
        PresetKey("p_std", .number(0.01...10), default: .number(2), "consistency: log-normal std of σ"),
        PresetKey("teacher_ema", .number(0...0.99999), default: .number(0), "consistency: EMA teacher decay (0: iCT stop-gradient)"),
        PresetKey("lambda", .number(0...3), default: .number(1), "sid: λ (0.5 FGM, 1 SiD, 1.2 released SiD)"),
        PresetKey("generator_time", .number(0.01...1), default: .number(0.8), "sid: time at which the generator reads its noise"),
        PresetKey("sid_t_min", .number(0...1), default: .number(0.02), "sid: smallest t of both losses"),
        PresetKey("sid_t_max", .number(0...1), default: .number(0.98), "sid: largest t of both losses"),
        PresetKey("generator_lr", .number(0...10), default: .number(3e-4), "sid: generator learning rate (fake score uses lr)"),
        PresetKey("generator_ema", .number(0...0.99999), default: .number(0.995), "sid: EMA decay of the sampling generator's weights (0: none)"),
    ]
}

extension OneStepConfig {
    /// The one-step settings of a preset.
    public init(preset p: Preset) {
        self.init()
        teacherSteps = p.int("teacher_steps")
        pairs = p.int("pairs")
        pairSteps = p.int("pair_steps")
        reflowFromTeacher = p.text("reflow_init") == "teacher"
        bootstrapFraction = Float(p.number("bootstrap_fraction"))
        shortcutLevels = p.int("shortcut_levels")
        sigmaMin = Float(p.number("sigma_min"))
        sigmaMax = Float(p.number("sigma_max"))
        rho = Float(p.number("rho"))
        s0 = p.int("s0")
        s1 = p.int("s1")
        pMean = Float(p.number("p_mean"))
        pStd = Float(p.number("p_std"))
        teacherEMA = Float(p.number("teacher_ema"))
        lambda = Float(p.number("lambda"))
        generatorTime = Float(p.number("generator_time"))
        sidTMin = Float(p.number("sid_t_min"))
        sidTMax = Float(p.number("sid_t_max"))
        generatorLR = Float(p.number("generator_lr"))
        generatorEMA = Float(p.number("generator_ema"))
    }
}
