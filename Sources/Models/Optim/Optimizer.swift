/// Anything that updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    var kind: OptimizerKind { get }
    /// One update of every parameter from its `grad`, with learning-rate multiplier `lrScale` (1 = config LRs).
    func step(_ params: [Parameter], lrScale: Float)
}

/// What the bank needs beyond `Optimizer`: a config it can update and a step count for tests and the UI.
public protocol ConfigurableOptimizer: Optimizer {
    var config: OptimizerConfig { get set }
    /// Number of `step` calls so far.
    var stepCount: Int { get }
}

/// Builds the optimizer for `config.kind`.
public func makeOptimizer(_ config: OptimizerConfig) -> any ConfigurableOptimizer {
    switch config.kind {
    case .sgd: SGD(config: config)
    case .adam: Adam(config: config)
    case .muon, .moonlight: Muon(config: config)
    }
}

/// The step of optimizers that update each parameter on its own (SGD, Adam): every parameter at the scaled LR,
/// then spectral-norm decay on the hidden matrices; subclasses supply `update`.
public class ParameterwiseOptimizer {
    public var config: OptimizerConfig
    public private(set) var stepCount = 0
    private var spectral = SpectralNormDecay()

    init(config: OptimizerConfig) { self.config = config }

    public func step(_ params: [Parameter], lrScale: Float) {
        let lr = config.lr * lrScale
        for p in params { update(p, lr: lr) }
        if config.spectralDecay > 0 { spectral.apply(params, lr: lr, lambda: config.spectralDecay) }
        stepCount += 1
    }

    /// One update of `p` with learning rate `lr`.
    func update(_ p: Parameter, lr: Float) { preconditionFailure("\(Self.self) must override update") }
}
