/// Holds one optimizer per kind, created lazily, so switching keeps parameters AND each optimizer's own state
/// (switching Adam→Muon→Adam resumes Adam's moments). Adam, Muon and Moonlight share one AdamW: the
/// parameters Muon leaves to AdamW (biases, first and last layer) keep their moments through every switch.
public final class OptimizerBank {
    public let parameters: [Parameter]
    public private(set) var current: OptimizerKind
    private var shared: OptimizerConfig
    private var optimizers: [OptimizerKind: any ConfigurableOptimizer] = [:]
    private var adam: Adam?

    public init(parameters: [Parameter], config: OptimizerConfig) {
        self.parameters = parameters
        self.shared = config
        self.current = config.kind
    }

    /// The current config (kind == current); one config is shared by all kinds, so LRs and decay carry over.
    public var config: OptimizerConfig { shared }

    /// Replaces every hyperparameter and switches to `config.kind`; optimizer state is kept.
    public func setConfig(_ config: OptimizerConfig) {
        shared = config
        current = config.kind
    }

    /// Makes `kind` the optimizer of the next steps; a no-op if it already is.
    public func switchTo(_ kind: OptimizerKind) {
        guard kind != current else { return }
        current = kind
        shared.kind = kind
    }

    /// One step of the current optimizer on every parameter.
    public func step(lrScale: Float = 1) {
        let opt = optimizer(current)
        opt.config = shared
        opt.step(parameters, lrScale: lrScale)
    }

    /// The "headline" LR of the current kind: muonLR for .muon, lr otherwise.
    public var lr: Float { shared.hiddenLR(for: current) }

    /// Sets the headline LR of the current kind; for .muon the AdamW-side lr scales by the same factor.
    public func setLR(_ lr: Float) {
        if current == .muon {
            if shared.muonLR != 0 { shared.lr *= lr / shared.muonLR }
            shared.muonLR = lr
        } else {
            shared.lr = lr
        }
    }

    /// Drops all optimizer state (after a model reset); the config stays.
    public func reset() {
        optimizers.removeAll()
        adam = nil
    }

    /// Number of steps the kind's optimizer has taken (0 if never created).
    public func stateCount(of kind: OptimizerKind) -> Int { optimizers[kind]?.stepCount ?? 0 }

    /// The kind's optimizer, if it exists yet (for tests and inspection).
    public func existingOptimizer(_ kind: OptimizerKind) -> (any ConfigurableOptimizer)? { optimizers[kind] }

    private func optimizer(_ kind: OptimizerKind) -> any ConfigurableOptimizer {
        if let o = optimizers[kind] { return o }
        var c = shared
        c.kind = kind
        let o: any ConfigurableOptimizer
        switch kind {
        case .muon, .moonlight: o = Muon(config: c, adamw: sharedAdam())
        case .adam: o = sharedAdam()
        case .sgd: o = makeOptimizer(c)
        }
        optimizers[kind] = o
        return o
    }

    /// The bank's one AdamW, created on first use by Adam or by Muon's side.
    private func sharedAdam() -> Adam {
        if let a = adam { return a }
        var c = shared
        c.kind = .adam
        let a = Adam(config: c)
        adam = a
        return a
    }
}
