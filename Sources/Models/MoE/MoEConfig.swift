/// How the router starts: evenly, or skewed so a few experts win every token (routing stress).
public enum RouterInit: String, CaseIterable, Sendable {
    case uniform, skewed
}

/// The MoE-balance method's own settings (the core's are in `CoreSettings`); every field maps to a preset key.
public struct MoEConfig: Sendable, Equatable {
    public var width = 64
    public var expertHidden = 32
    public var experts = 8
    public var topK = 2
    public var score: RouterScore = .sigmoid
    public var normalizeGates = true
    public var balance: BalanceStrategy = .none
    /// α of the auxiliary loss (Switch Transformer uses 1e-2).
    public var auxAlpha: Float = 0.01
    /// u, the loss-free bias step (DeepSeek: 1e-3 for sigmoid routers).
    public var biasRate: Float = 0.001
    public var routerInit: RouterInit = .skewed
    /// Router-bias offset given to the first quarter of the experts when `routerInit` is skewed.
    public var routerSkew: Float = 3
    /// Steps over which the global MaxVio sums loads.
    public var maxVioWindow = 200
    /// Steps of load shown by the live histogram (short, so a strategy switch shows quickly).
    public var histogramWindow = 20

    public init() {}

    public func shape(_ net: NetShape) -> MoEFlowShape {
        MoEFlowShape(moe: MoEShape(width: width, expertHidden: expertHidden, experts: experts, topK: min(topK, experts),
                                   score: score, normalizeGates: normalizeGates, activation: net.activation), time: net.time)
    }
}

extension MoEFlowNet: TimedVelocityField {}

/// The MoE settings, each bound to its preset key once.
extension MoEConfig: PresetSettings {
    public static let settings: [Setting<MoEConfig>] = [
        .int("width", \.width, 1...4096, "trunk width (the MoE layer's input and output)"),
        .int("expert_hidden", \.expertHidden, 1...4096, "hidden units of each expert MLP"),
        .int("experts", \.experts, 2...64, "number of experts E"),
        Setting(PresetKey("top_k", .int(1...64), default: .int(MoEConfig().topK), "experts per token (capped at E)")) { c, p in
            c.topK = min(p.int("top_k"), c.experts)
        },
        .choice("router", \.score, "router scores: softmax or sigmoid"),
        .flag("normalize_gates", \.normalizeGates, "renormalise the chosen experts' gates to sum to 1"),
        .choice("balance", \.balance, "load balancing at start (key b cycles)"),
        .number("aux_alpha", \.auxAlpha, 0...100, "α of the auxiliary loss α·E·Σ f_i·P_i"),
        .number("bias_rate", \.biasRate, 0...10, "u, the loss-free bias step"),
        .choice("router_init", \.routerInit, "skewed: a quarter of the experts start favoured"),
        .number("router_skew", \.routerSkew, 0...100, "router-bias head start of the favoured experts"),
        .int("maxvio_window", \.maxVioWindow, 1...1_000_000, "steps summed for the global MaxVio"),
    ]

    public init(preset p: Preset) { self.init(reading: p) }
}
