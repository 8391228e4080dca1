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

/// The VQ settings, each bound to its preset key once.
extension VQConfig: PresetSettings {
    public static let settings: [Setting<VQConfig>] = [
        Setting(PresetKey("method", .choice(GradientPath.allCases.map(\.rawValue) + ["all"]), default: .text("all"),
                          "gradient path through the quantiser: ste, rotation, simvq, or all three side by side")) { c, p in
            let m = p.text("method")
            c.paths = m == "all" ? GradientPath.allCases : [GradientPath(rawValue: m)!]
        },
        .int("codes", \.codes, 2...65_536, "codebook size K"),
        .int("latent_dim", \.latentDim, 1...256, "latent (code) dimension d"),
        .choice("init", \.initialisation, "codebook init: normal N(0, 1/d), or uniform U(-1/K, 1/K) (collapses)"),
        .number("beta", \.beta, 0...10, "commitment weight β"),
        .int("test_size", \.testSize, 100...1_000_000, "held-out points of utilisation, perplexity and MSE"),
    ]

    public init(preset p: Preset) { self.init(reading: p) }
}

extension ExperimentKind {
    public static let vq = ExperimentKind("vq")
}

/// VQ autoencoders: the straight-through estimator, the rotation trick and SimVQ side by side.
extension ExperimentFamily {
    public static let vq = ExperimentFamily("VQ", [
        Member(.vq, keys: CoreSettings.training + CoreSettings.optimizerKeys + CoreSettings.keys(["dataset", "hidden", "activation"]) + VQConfig.keys
                  + CoreSettings.snapshot,
               runs: .method { p, s in VQMethod(settings: s, config: VQConfig(preset: p)) }),
    ])
}
