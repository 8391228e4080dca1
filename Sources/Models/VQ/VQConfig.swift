/// How the reconstruction gradient crosses the non-differentiable nearest-code lookup.
public enum GradientPath: String, CaseIterable, Sendable {
    /// Straight-through: z_q = z + sg(q − z), the decoder's gradient is copied onto z (van den Oord et al. 2017).
    case ste
    /// The rotation trick: z_q = sg(λR)·z, R the Householder-built rotation taking ẑ to q̂ (Fifty et al. 2024).
    case rotation
    /// SimVQ: codebook = C·Wᵀ + b with C random and frozen, only the linear map learned; STE to the encoder (Zhu et al. 2024).
    case simvq

    public var label: String {
        switch self {
        case .ste: "STE"
        case .rotation: "rotation"
        case .simvq: "SimVQ"
        }
    }
}

/// How the codebook (SimVQ: its frozen basis C) is drawn.
public enum CodebookInit: String, CaseIterable, Sendable {
    /// N(0, 1/d): SimVQ's init, a sane spread at the encoder's scale.
    case normal
    /// U(−1/K, 1/K): taming's VectorQuantizer init, a tiny cluster that provokes codebook collapse.
    case uniform
}

/// The VQ experiment's own settings (data, encoder/decoder widths, optimizer and batch are the core's `CoreSettings`).
public struct VQConfig: Sendable, Equatable {
    /// The gradient paths trained side by side on the same batches (one, or all three).
    public var paths: [GradientPath] = GradientPath.allCases
    /// Codebook size K and latent dimension d.
    public var codes = 64
    public var latentDim = 2
    public var initialisation: CodebookInit = .normal
    /// Weight of the commitment term β·‖z − sg q‖² (the codebook term ‖sg z − q‖² has weight 1).
    public var beta: Float = 0.25
    /// Held-out points of utilisation, perplexity and MSE.
    public var testSize = 10_000

    public init() {}
}

extension PresetKey {
    /// Keys of the VQ experiment.
    public static let vq: [PresetKey] = PresetKey.flow.filter { ["dataset", "hidden", "activation"].contains($0.name) } + [
        PresetKey("method", .choice(GradientPath.allCases.map(\.rawValue) + ["all"]), default: .text("all"),
                  "gradient path through the quantiser: ste, rotation, simvq, or all three side by side"),
        PresetKey("codes", .int(2...65_536), default: .int(64), "codebook size K"),
        PresetKey("latent_dim", .int(1...256), default: .int(2), "latent (code) dimension d"),
        PresetKey("init", .choice(CodebookInit.allCases.map(\.rawValue)), default: .text("normal"),
                  "codebook init: normal N(0, 1/d), or uniform U(-1/K, 1/K) (collapses)"),
        PresetKey("beta", .number(0...10), default: .number(0.25), "commitment weight β"),
        PresetKey("test_size", .int(100...1_000_000), default: .int(10_000), "held-out points of utilisation, perplexity and MSE"),
        PresetKey("snapshot_points", .int(16...100_000), default: .int(600), "points of the live pictures"),
    ]
}

extension VQConfig {
    public init(preset p: Preset) {
        self.init()
        let m = p.text("method")
        paths = m == "all" ? GradientPath.allCases : [GradientPath(rawValue: m)!]
        codes = p.int("codes")
        latentDim = p.int("latent_dim")
        initialisation = p.choice("init", as: CodebookInit.self)
        beta = Float(p.number("beta"))
        testSize = p.int("test_size")
    }
}
