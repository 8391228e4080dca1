/// How the router starts: evenly, or skewed so a few experts win every token (routing stress).
public enum RouterInit: String, CaseIterable, Sendable {
    case uniform, skewed
}

/// Settings of an MoE-balance run; every field maps to a preset key.
public struct MoEBalanceConfig: Sendable, Equatable {
    public var dataset: Dataset = .gaussians8
    public var width = 64
    public var expertHidden = 32
    public var experts = 8
    public var topK = 2
    public var score: RouterScore = .sigmoid
    public var normalizeGates = true
    public var activation: Activation = .silu
    public var time: TimeEncoding = .raw
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
    public var optimizer = OptimizerConfig()
    public var batch = 256
    public var seed: UInt64 = 0
    public var samplerSteps = 32
    public var sampler: SamplerMethod = .euler
    public var evalSamples = 2000
    public var evalSteps = 100
    public var validationSize = 4096
    public var emaDecay: Float = 0.99
    public var snapshotPoints = 600

    public init() {}

    public var shape: MoEFlowShape {
        MoEFlowShape(moe: MoEShape(width: width, expertHidden: expertHidden, experts: experts, topK: min(topK, experts),
                                   score: score, normalizeGates: normalizeGates, activation: activation), time: time)
    }
}

extension MoEFlowNet: TimedVelocityField {}
