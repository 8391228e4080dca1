/// Standard parametrisation (PyTorch's defaults, one LR for everything) or muP (Tensor Programs V; microsoft/mup).
public enum Parametrization: String, CaseIterable, Sendable, Codable, CodingKeyRepresentable {
    case sp, mup

    public var label: String { self == .sp ? "SP" : "muP" }
}

/// Where a layer sits in a width-n MLP: which of its dimensions grow with width decides its muP rules.
public enum MuLayer: Sendable, Equatable {
    /// Finite fan-in (the 2D input), fan-out n.
    case input
    /// n × n: both dimensions grow ("matrix-like" in mup/optim.py).
    case hidden
    /// Fan-in n, finite fan-out (the 3 logits): MuReadout.
    case readout
}

/// The rules microsoft/mup applies to an MLP trained with Adam, as multipliers on PyTorch's default init
/// (W, b ~ U(±1/√fan_in)) and on the base LR. `widthMult` = width / base width; at the base width every multiplier is
/// exactly 1, so muP and SP are the same network and the same training run there.
public struct MuPRules: Sendable, Equatable {
    public let parametrization: Parametrization
    public let widthMult: Float
    /// MuReadout(readout_zero_init=True): the readout starts at zero (the mup README recommends it).
    public let readoutZeroInit: Bool

    public init(_ parametrization: Parametrization, width: Int, baseWidth: Int, readoutZeroInit: Bool = false) {
        self.parametrization = parametrization
        widthMult = parametrization == .mup ? Float(width) / Float(baseWidth) : 1
        self.readoutZeroInit = parametrization == .mup && readoutZeroInit
    }

    /// LR multiplier. mup/optim.py, MuAdam: parameters with two infinite dimensions (the hidden n×n weights) get
    /// lr / width_mult; "vector-like" ones — input weights (fan-in 2), biases, the readout weight (fan-out 3) — keep lr.
    public func lrMultiplier(_ layer: MuLayer, bias: Bool) -> Float {
        layer == .hidden && !bias ? 1 / widthMult : 1
    }

    /// Multiplier on the default init. mup/layer.py: rescale_linear_bias multiplies an nn.Linear's bias by
    /// √fanin_mult (√width_mult for the hidden layer, 1 for the input layer); MuReadout._rescale_parameters multiplies
    /// the readout's weight and bias by √width_mult, or MuReadout.reset_parameters zeroes both (readout_zero_init).
    /// Hidden and input weights keep PyTorch's init, whose 1/fan_in variance is already muP's.
    public func initMultiplier(_ layer: MuLayer, bias: Bool) -> Float {
        switch layer {
        case .input: 1
        case .hidden: bias ? widthMult.squareRoot() : 1
        case .readout: readoutZeroInit ? 0 : widthMult.squareRoot()
        }
    }

    /// mup/layer.py, MuReadout.forward: Linear(output_mult · x / width_mult) with output_mult = 1. With the √width_mult
    /// init this makes the logits shrink ∝ 1/√n at initialisation (SP keeps them O(1)); after a step they are O(1).
    public var readoutInputMultiplier: Float { 1 / widthMult }
}
