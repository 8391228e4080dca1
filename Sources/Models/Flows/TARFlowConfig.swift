/// The TARFLOW experiment's own settings (data, optimizer and batch are the core's `CoreSettings`).
public struct TARFlowConfig: Sendable, Equatable {
    /// Autoregressive blocks (orders alternate identity, flip), conditioner width, residual layers per block, MLP expansion.
    public var blocks = 8
    public var channels = 32
    public var layers = 1
    public var expansion = 4
    /// Std of the Gaussian noise added to every training point; the denoising step uses the same σ.
    public var sigma: Float = 0
    /// Clean held-out points of the test NLL.
    public var testSize = 10_000
    /// The LR multiplier over the preset's steps, and its linear warm-up.
    public var schedule: LRSchedule = .cosine
    public var warmup = 100

    /// The noise levels the `n` key cycles through (the paper's practical range, scaled to 2D data of std ≈ 3).
    public static let sigmas: [Float] = [0, 0.05, 0.1]

    public init() {}
}

extension PresetKey {
    /// Keys of the TARFLOW experiment.
    public static let tarflow: [PresetKey] = PresetKey.flow.filter { ["dataset", "eval_samples"].contains($0.name) } + [
        PresetKey("blocks", .int(1...64), default: .int(8), "autoregressive affine blocks (orders alternate)"),
        PresetKey("channels", .int(1...1024), default: .int(32), "width of each block's conditioner"),
        PresetKey("layers", .int(0...16), default: .int(1), "residual (attention + MLP) layers per conditioner"),
        PresetKey("expansion", .int(1...16), default: .int(4), "MLP sublayer expansion"),
        PresetKey("sigma", .number(0...1), default: .number(0), "noise augmentation σ of the training data (key n: 0, 0.05, 0.1)"),
        PresetKey("lr_schedule", .choice(LRSchedule.allCases.map(\.rawValue)), default: .text("cosine"),
                  "LR multiplier over the preset's steps: cosine (TARFLOW's, to 1e-3 of lr) or constant"),
        PresetKey("warmup", .int(0...1_000_000), default: .int(100), "linear LR warm-up steps of the cosine schedule"),
        PresetKey("test_size", .int(100...1_000_000), default: .int(10_000), "clean held-out points of the test NLL"),
        PresetKey("snapshot_points", .int(16...100_000), default: .int(600), "points of the live pictures"),
    ]
}

extension TARFlowConfig {
    public init(preset p: Preset) {
        self.init()
        blocks = p.int("blocks")
        channels = p.int("channels")
        layers = p.int("layers")
        expansion = p.int("expansion")
        sigma = Float(p.number("sigma"))
        testSize = p.int("test_size")
        schedule = p.choice("lr_schedule", as: LRSchedule.self)
        warmup = p.int("warmup")
    }
}
