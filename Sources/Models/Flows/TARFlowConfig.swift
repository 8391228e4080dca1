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

/// The TARFLOW settings, each bound to its preset key once.
extension TARFlowConfig: PresetSettings {
    public static let settings: [Setting<TARFlowConfig>] = [
        .int("blocks", \.blocks, 1...64, "autoregressive affine blocks (orders alternate)"),
        .int("channels", \.channels, 1...1024, "width of each block's conditioner"),
        .int("layers", \.layers, 0...16, "residual (attention + MLP) layers per conditioner"),
        .int("expansion", \.expansion, 1...16, "MLP sublayer expansion"),
        .number("sigma", \.sigma, 0...1, "noise augmentation σ of the training data (key n: 0, 0.05, 0.1)"),
        .choice("lr_schedule", \.schedule, "LR multiplier over the preset's steps: cosine (TARFLOW's, to 1e-3 of lr) or constant"),
        .int("warmup", \.warmup, 0...1_000_000, "linear LR warm-up steps of the cosine schedule"),
        .int("test_size", \.testSize, 100...1_000_000, "clean held-out points of the test NLL"),
    ]

    public init(preset p: Preset) { self.init(reading: p) }
}

extension ExperimentKind {
    public static let tarflow = ExperimentKind("tarflow")
}

/// TARFLOW: an autoregressive normalizing flow with its exact likelihood; σ is a live option (key n).
extension ExperimentFamily {
    public static let tarflow = ExperimentFamily("TARFLOW", [
        Member(.tarflow, keys: CoreSettings.training + CoreSettings.optimizerKeys + CoreSettings.keys(["dataset", "eval_samples"]) + TARFlowConfig.keys
                  + CoreSettings.snapshot,
               runs: .method { p, s in TARFlowMethod(settings: s, config: TARFlowConfig(preset: p)) },
               liveOptions: [LiveOption("sigma", TARFlowConfig.sigmas.map { "\($0)" })], metrics: ["lr_scale"]),
    ])
}
