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
