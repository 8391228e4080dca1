extension PresetKey {
    /// Keys of the InfoNCE accumulation experiment.
    public static let contrastive: [PresetKey] = [
        PresetKey("embed_dim", .int(1...64), default: .int(2), "embedding dimension (2: the unit circle)"),
        PresetKey("tau", .number(1e-3...10), default: .number(0.2), "InfoNCE temperature τ"),
        PresetKey("view_noise", .number(0...10), default: .number(0.3), "σ of the two noisy views of each point"),
        PresetKey("eval_pairs", .int(16...100_000), default: .int(1024), "held-out pairs for alignment and uniformity"),
    ]
}

extension ContrastiveConfig {
    public init(preset p: Preset) {
        self.init()
        dim = p.int("embed_dim")
        tau = Float(p.number("tau"))
        viewNoise = Float(p.number("view_noise"))
        evalPairs = p.int("eval_pairs")
    }
}
