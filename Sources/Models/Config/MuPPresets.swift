extension PresetKey {
    /// The 3-arm spiral classification data (muP sweep, the spiral classifier).
    public static let spiral: [PresetKey] = [
        PresetKey("per_class", .int(16...1_000_000), default: .int(1000), "spiral points per class (the full data)"),
        PresetKey("arm_span", .number(0.1...100), default: .number(8), "radians each spiral arm turns (CS231n: 4; 8 makes width matter)"),
        PresetKey("angle_noise", .number(0...10), default: .number(0.2), "std of the spiral's angle noise, radians"),
    ]

    /// Keys of the muP width-transfer sweep.
    public static let mup: [PresetKey] = spiral + [
        PresetKey("widths", .intList(1...8192, maxCount: 12), default: .intList([64, 128, 256, 512, 1024]), "hidden widths swept"),
        PresetKey("base_width", .int(1...8192), default: .int(64), "muP's base width: width_mult = width / base_width"),
        PresetKey("hidden_layers", .int(1...6), default: .int(2), "hidden layers of width n (2 → n → n → 3 has two)"),
        PresetKey("lr_log2_min", .int(-30...10), default: .int(-11), "smallest log₂ LR"),
        PresetKey("lr_log2_max", .int(-30...10), default: .int(-2), "largest log₂ LR (one grid step per factor 2)"),
        PresetKey("batch", .int(1...65_536), default: .int(256), "examples per step"),
        PresetKey("seeds", .int(1...64), default: .int(1), "seeds per cell; the loss is averaged over them in log"),
        PresetKey("threads", .int(0...256), default: .int(0), "worker threads (0: every core)"),
        PresetKey("prune", .flag, default: .bool(true), "walk each curve from the grid's middle until it has risen two steps each side (false: every LR)"),
        PresetKey("readout_zero_init", .flag, default: .bool(false), "muP readout starts at zero (MuReadout readout_zero_init)"),
        PresetKey("beta1", .number(0...0.9999), default: .number(0.9), "Adam β1"),
        PresetKey("beta2", .number(0...0.999999), default: .number(0.999), "Adam β2"),
        PresetKey("eps", .number(1e-30...10), default: .number(1e-8), "Adam ε"),
        PresetKey("coord_widths", .intList(1...8192, maxCount: 12), default: .intList([64, 128, 256, 512, 1024, 2048]), "widths of the coordinate check"),
        PresetKey("coord_lr", .number(1e-8...10), default: .number(0.03125), "the coordinate check's (large) LR"),
        PresetKey("coord_steps", .int(1...20), default: .int(3), "steps the coordinate check records"),
        PresetKey("coord_seeds", .int(1...64), default: .int(4), "seeds the coordinate check averages"),
    ]
}

extension MuPConfig {
    public init(preset p: Preset) {
        self.init()
        widths = p.intList("widths")
        baseWidth = p.int("base_width")
        hiddenLayers = p.int("hidden_layers")
        lrLog2Min = p.int("lr_log2_min")
        lrLog2Max = max(p.int("lr_log2_max"), lrLog2Min)
        steps = p.steps
        batch = p.int("batch")
        spiral = SpiralClasses.Shape(preset: p)
        seeds = p.int("seeds")
        seed = p.seed
        threads = p.int("threads")
        prune = p.flag("prune")
        readoutZeroInit = p.flag("readout_zero_init")
        beta1 = Float(p.number("beta1"))
        beta2 = Float(p.number("beta2"))
        eps = Float(p.number("eps"))
        coordWidths = p.intList("coord_widths")
        coordLR = Float(p.number("coord_lr"))
        coordSteps = p.int("coord_steps")
        coordSeeds = p.int("coord_seeds")
    }
}

extension SpiralClasses.Shape {
    /// The spiral keys of a preset.
    public init(preset p: Preset) {
        self.init(perClass: p.int("per_class"), span: p.number("arm_span"), noise: p.number("angle_noise"))
    }
}
