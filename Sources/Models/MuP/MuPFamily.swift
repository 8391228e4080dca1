/// The spiral data's keys, shared by the muP sweep and the spiral classifier.
public struct SpiralSettings: PresetSettings {
    public var shape = SpiralClasses.Shape()
    public init() {}

    public static let settings: [Setting<SpiralSettings>] = [
        .int("per_class", \.shape.perClass, 16...1_000_000, "spiral points per class (the full data)"),
        .number("arm_span", \.shape.span, 0.1...100, "radians each spiral arm turns (CS231n: 4; 8 makes width matter)"),
        .number("angle_noise", \.shape.noise, 0...10, "std of the spiral's angle noise, radians"),
    ]
}

extension SpiralClasses.Shape {
    /// The spiral keys of a preset.
    public init(preset p: Preset) { self = SpiralSettings(reading: p).shape }
}

/// The muP sweep's settings, each bound to its preset key once.
extension MuPConfig: PresetSettings {
    public static let settings: [Setting<MuPConfig>] = SpiralSettings.settings.map { s in
        Setting(s.key) { c, p in c.spiral = SpiralClasses.Shape(preset: p) }
    } + [
        .intList("widths", \.widths, 1...8192, maxCount: 12, "hidden widths swept"),
        .int("base_width", \.baseWidth, 1...8192, "muP's base width: width_mult = width / base_width"),
        .int("hidden_layers", \.hiddenLayers, 1...6, "hidden layers of width n (2 → n → n → 3 has two)"),
        .int("lr_log2_min", \.lrLog2Min, -30...10, "smallest log₂ LR"),
        .int("lr_log2_max", \.lrLog2Max, -30...10, "largest log₂ LR (one grid step per factor 2)"),
        .int("batch", \.batch, 1...65_536, "examples per step"),
        .int("seeds", \.seeds, 1...64, "seeds per cell; the loss is averaged over them in log"),
        .int("threads", \.threads, 0...256, "worker threads (0: every core)"),
        .flag("prune", \.prune, "walk each curve from the grid's middle until it has risen two steps each side (false: every LR)"),
        .flag("readout_zero_init", \.readoutZeroInit, "muP readout starts at zero (MuReadout readout_zero_init)"),
        .number("beta1", \.beta1, 0...0.9999, "Adam β1"),
        .number("beta2", \.beta2, 0...0.999999, "Adam β2"),
        .number("eps", \.eps, 1e-30...10, "Adam ε"),
        .intList("coord_widths", \.coordWidths, 1...8192, maxCount: 12, "widths of the coordinate check"),
        .number("coord_lr", \.coordLR, 1e-8...10, "the coordinate check's (large) LR"),
        .int("coord_steps", \.coordSteps, 1...20, "steps the coordinate check records"),
        .int("coord_seeds", \.coordSeeds, 1...64, "seeds the coordinate check averages"),
    ]

    public init(preset p: Preset) {
        self.init(reading: p)
        lrLog2Max = max(lrLog2Max, lrLog2Min)
        steps = p.steps
        seed = p.seed
    }
}

extension ExperimentKind {
    public static let mup = ExperimentKind("mup")
}

/// muP against the standard parametrisation: loss against LR at every width, and the coordinate check.
extension ExperimentFamily {
    public static let mup = ExperimentFamily("muP", [Member(.mup, keys: MuPConfig.keys, runs: .cells)])
}
