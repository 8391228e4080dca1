/// Rectified flow through a mixture-of-experts velocity net, watching expert load under a switchable balancing
/// strategy: none, the Switch auxiliary loss, or DeepSeek's loss-free routing bias (plain or RMS-normalised).
public final class MoEFlowMethod: GenerativeMethod {
    public let settings: CoreSettings
    public private(set) var config: MoEConfig
    public private(set) var net: MoEFlowNet
    public private(set) var window: LoadWindow
    public private(set) var recent: LoadWindow
    /// MaxVio of the last batch.
    public private(set) var batchMaxVio: Float = 0
    private var flowMatching = FlowMatching()

    public init(settings: CoreSettings, config: MoEConfig) {
        self.settings = settings
        self.config = config
        var initRNG = RNG(seed: settings.seed, stream: 2)
        net = MoEFlowNet(config.shape(settings.net), rng: &initRNG)
        if config.routerInit == .skewed {
            for i in 0..<max(1, config.experts / 4) { net.moe.router.bias.value.data[i] += config.routerSkew }
        }
        window = LoadWindow(capacity: config.maxVioWindow, experts: config.experts)
        recent = LoadWindow(capacity: config.histogramWindow, experts: config.experts)
    }

    public var name: String { "MoE flow" }
    public var groups: [ParameterGroup] { [ParameterGroup(name: "flow", parameters: net.parameters, config: settings.optimizer)] }
    public var isFinite: Bool { net.allFinite }
    /// Loss-free balancing's routing bias steers the forward pass; the load windows feed the live histogram.
    public func didLoadWeights(from source: GenerativeMethod) {
        guard let s = source as? MoEFlowMethod else { return }
        net.moe.bias = s.net.moe.bias
        window = s.window
        recent = s.recent
    }
    public var extraMetricNames: [String] { ["maxvio", "maxvio_global", "aux_loss"] + (0..<config.experts).map { "load_\($0)" } }

    /// The running α (aux) or u (loss-free) of the current strategy, for the stats pane.
    public var strength: Float? {
        switch config.balance {
        case .none: nil
        case .aux: config.auxAlpha
        case .lossfree, .lossfreeRMS: config.biasRate
        }
    }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        net.moe.auxAlpha = config.balance == .aux ? config.auxAlpha : 0
        let loss = flowMatching.lossAndGradient(net, rows: ctx.batch, rng: &ctx.rng) { _, r in
            (ctx.data.next(), SIMD2(r.normalFloat(), r.normalFloat()))
        }
        ctx.update("flow")
        let counts = net.workspace.moe.counts
        updateRoutingBias(&net.moe.bias, counts: counts, rate: config.biasRate, strategy: config.balance)
        window.add(counts)
        recent.add(counts)
        let total = Float(max(1, counts.reduce(0, +)))
        let loads = counts.map { Float($0) / total }
        batchMaxVio = maxViolation(loads)
        return MethodStep(loss: loss, extra: [batchMaxVio, window.maxVio, net.workspace.moe.auxLoss] + loads)
    }

    public var samplers: [Sampler] {
        [flowSampler(net, name: name, prefix: "", method: settings.sampler, evalSteps: [settings.evalSteps], plainNames: true)]
    }

    public var validationField: (field: TimedVelocityField, prefix: String)? { (net, "") }

    /// Samples coloured by their top-1 expert at t = 0, and the recent load shares against 1/E.
    public func decorate(_ s: inout Snapshot) {
        s.sampleGroups = net.topExpert(s.samples, t: 0)
        s.histogram = recent.shares
        s.histogramReference = 1 / Float(config.experts)
    }

    /// Live knobs: `balance` (none|aux|lossfree|lossfree-rms), `alpha` (aux weight), `u` (bias step).
    public func setOption(_ key: String, _ value: String) throws -> String {
        switch key {
        case "balance":
            guard let s = BalanceStrategy(rawValue: value) else {
                throw CommandError("balance must be one of \(BalanceStrategy.allCases.map(\.rawValue).joined(separator: ", ")), got '\(value)'")
            }
            config.balance = s
            if !s.usesBias { net.moe.bias = [Float](repeating: 0, count: config.experts) }
            return "balance \(s.rawValue)"
        case "alpha", "aux_alpha":
            guard let a = Float(value), a.isFinite, a >= 0 else { throw CommandError("alpha must be a number ≥ 0, got '\(value)'") }
            config.auxAlpha = a
            return "aux α \(formatNumber(a))"
        case "u", "bias_rate":
            guard let u = Float(value), u.isFinite, u >= 0 else { throw CommandError("u must be a number ≥ 0, got '\(value)'") }
            config.biasRate = u
            return "bias step u \(formatNumber(u))"
        default:
            throw CommandError("moe-balance has no option '\(key)' (balance, alpha, u)")
        }
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { MoEFlowMethod(settings: s, config: config) }
}
