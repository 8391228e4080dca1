/// The optimizers the lab can switch between while training.
public enum OptimizerKind: String, CaseIterable, Sendable {
    case sgd, adam, muon, moonlight

    /// Display name for the UI.
    public var label: String {
        switch self {
        case .sgd: "SGD"
        case .adam: "Adam"
        case .muon: "Muon"
        case .moonlight: "Moonlight"
        }
    }
}

/// Every optimizer's hyperparameters in one value, so switching kinds keeps the rest of the settings.
public struct OptimizerConfig: Sendable, Equatable {
    public var kind: OptimizerKind = .adam
    /// SGD/Adam/Moonlight LR; for Muon, the LR of the AdamW-handled params (biases, first and last layer).
    public var lr: Float = 1e-3
    /// Muon's LR for hidden matrices (KellerJordan/Muon default).
    public var muonLR: Float = 0.02
    /// SGD momentum (0 = plain SGD).
    public var momentum: Float = 0.9
    /// SGD Nesterov momentum.
    public var nesterov: Bool = false
    public var beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8
    /// Decoupled (AdamW-style) weight decay p ← p·(1 − lr·wd), for every kind; no L2 term in the gradient.
    public var weightDecay: Float = 0
    public var muonMomentum: Float = 0.95
    public var nsSteps: Int = 5
    /// λ of spectral-norm weight decay on hidden matrices; 0 = off.
    public var spectralDecay: Float = 0

    public init() {}

    /// A kind's LR for hidden matrices, also its headline LR in the UI: muonLR for Muon, else lr (Moonlight reuses Adam's by design).
    public func hiddenLR(for kind: OptimizerKind) -> Float { kind == .muon ? muonLR : lr }
}

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

/// Per-parameter state keyed by identity; the weak owner check stops a recycled address from inheriting state.
struct StateTable<State: AnyObject> {
    private final class Entry {
        weak var owner: Parameter?
        let state: State
        init(owner: Parameter, state: State) { self.owner = owner; self.state = state }
    }

    private var entries: [ObjectIdentifier: Entry] = [:]

    /// The state of `p`, created by `make` the first time (or when the shape changed).
    mutating func state(for p: Parameter, valid: (State) -> Bool, make: () -> State) -> State {
        let key = ObjectIdentifier(p)
        if let e = entries[key], e.owner === p, valid(e.state) { return e.state }
        let s = make()
        entries[key] = Entry(owner: p, state: s)
        return s
    }

    /// The existing state of `p`, if any.
    func existing(_ p: Parameter) -> State? {
        guard let e = entries[ObjectIdentifier(p)], e.owner === p else { return nil }
        return e.state
    }

    mutating func removeAll() { entries.removeAll() }
}
