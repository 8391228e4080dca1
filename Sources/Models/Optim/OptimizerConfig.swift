/// The optimizers the lab can switch between while training.
public enum OptimizerKind: String, CaseIterable, Sendable, Codable {
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
