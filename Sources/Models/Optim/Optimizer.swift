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
