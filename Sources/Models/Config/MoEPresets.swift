extension PresetKey {
    /// Keys of the MoE-balance experiment.
    public static let moe: [PresetKey] = [
        PresetKey("width", .int(1...4096), default: .int(64), "trunk width (the MoE layer's input and output)"),
        PresetKey("expert_hidden", .int(1...4096), default: .int(32), "hidden units of each expert MLP"),
        PresetKey("experts", .int(2...64), default: .int(8), "number of experts E"),
        PresetKey("top_k", .int(1...64), default: .int(2), "experts per token (capped at E)"),
        PresetKey("router", .choice(RouterScore.allCases.map(\.rawValue)), default: .text("sigmoid"), "router scores: softmax or sigmoid"),
        PresetKey("normalize_gates", .flag, default: .bool(true), "renormalise the chosen experts' gates to sum to 1"),
        PresetKey("balance", .choice(BalanceStrategy.allCases.map(\.rawValue)), default: .text("none"), "load balancing at start (key b cycles)"),
        PresetKey("aux_alpha", .number(0...100), default: .number(0.01), "α of the auxiliary loss α·E·Σ f_i·P_i"),
        PresetKey("bias_rate", .number(0...10), default: .number(0.001), "u, the loss-free bias step"),
        PresetKey("router_init", .choice(RouterInit.allCases.map(\.rawValue)), default: .text("skewed"), "skewed: a quarter of the experts start favoured"),
        PresetKey("router_skew", .number(0...100), default: .number(3), "router-bias head start of the favoured experts"),
        PresetKey("maxvio_window", .int(1...1_000_000), default: .int(200), "steps summed for the global MaxVio"),
    ]
}

extension MoEConfig {
    /// The MoE settings of a preset.
    public init(preset p: Preset) {
        self.init()
        width = p.int("width")
        expertHidden = p.int("expert_hidden")
        experts = p.int("experts")
        topK = min(p.int("top_k"), experts)
        score = p.choice("router", as: RouterScore.self)
        normalizeGates = p.flag("normalize_gates")
        balance = p.choice("balance", as: BalanceStrategy.self)
        auxAlpha = Float(p.number("aux_alpha"))
        biasRate = Float(p.number("bias_rate"))
        routerInit = p.choice("router_init", as: RouterInit.self)
        routerSkew = Float(p.number("router_skew"))
        maxVioWindow = p.int("maxvio_window")
    }
}
