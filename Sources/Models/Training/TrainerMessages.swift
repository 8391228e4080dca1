/// What the UI asks of the trainer; applied between steps, in order.
public enum TrainerCommand: Sendable, Equatable {
    case pause, resume, stepOnce, reset, quit
    case setOptimizer(OptimizerKind)
    case setLR(Float)
    case setBatchSize(Int)
    case setSamplerSteps(Int)
    case setDataset(Dataset)
    case setTrajectories(Bool)
    /// An experiment-specific knob (e.g. "balance" = "lossfree"), validated by the experiment.
    case setOption(key: String, value: String)
}

/// Small per-step numbers; cheap enough to publish every step.
public struct StepMetrics: Sendable, Equatable {
    public var step: Int
    public var loss: Float
    public var lossEMA: Float
    public var lr: Float
    public var optimizer: OptimizerKind
    public var batch: Int
    /// Experiment-specific values, named by `Experiment.extraMetricNames`.
    public var extra: [Float] = []

    public init(step: Int, loss: Float, lossEMA: Float, lr: Float, optimizer: OptimizerKind, batch: Int, extra: [Float] = []) {
        self.step = step
        self.loss = loss
        self.lossEMA = lossEMA
        self.lr = lr
        self.optimizer = optimizer
        self.batch = batch
        self.extra = extra
    }
}

/// Named scalar results of an evaluation (validation loss, sliced W1, modes, …), in a fixed order.
public struct Evaluation: Sendable, Equatable {
    public var step: Int
    public var names: [String]
    public var values: [Double]

    public init(step: Int, names: [String] = [], values: [Double] = []) {
        self.step = step
        self.names = names
        self.values = values
    }

    public subscript(name: String) -> Double? {
        names.firstIndex(of: name).map { values[$0] }
    }

    public mutating func append(_ name: String, _ value: Double) {
        names.append(name)
        values.append(value)
    }
}

/// A large, latest-wins picture of the model for the UI: samples, their paths, the data, and evaluation numbers.
public struct Snapshot: Sendable {
    public var step: Int
    public var samples: [Float] = []
    public var data: [Float] = []
    public var trajectories: Trajectories?
    public var samplerSteps: Int = 0
    public var evaluation: Evaluation?
    /// Per-sample category (e.g. the top-1 expert of each point), parallel to `samples`.
    public var sampleGroups: [UInt8] = []
    /// A histogram (e.g. expert load shares) and its ideal level.
    public var histogram: [Float] = []
    public var histogramReference: Float?
    /// Named curves for a chart (e.g. sliced W1 against sampling steps, one per method).
    public var curves: [NamedSeries] = []
    /// Named 2D point sets for a grid of scatters (e.g. 1-step samples of each method), flat [x0, y0, …].
    public var pointSets: [NamedPoints] = []

    public init(step: Int) { self.step = step }
}

/// Everything the trainer tells the UI.
public enum TrainerEvent: Sendable {
    case metrics(StepMetrics)
    case snapshot(Snapshot)
    /// The optimizer changed at `step` (drawn as a marker on the loss curve).
    case switched(step: Int, from: OptimizerKind, to: OptimizerKind)
    case paused(Bool)
    /// Loss or parameters became NaN/Inf; training is paused.
    case diverged(step: Int, message: String)
    case reset
    /// A command was accepted and changed a setting; text for the status line.
    case notice(String)
}

/// A named (x, y) curve.
public struct NamedSeries: Sendable, Equatable {
    public var name: String
    public var points: [SIMD2<Double>]
    public init(name: String, points: [SIMD2<Double>]) {
        self.name = name
        self.points = points
    }
}

/// A named set of 2D points, flat [x0, y0, x1, y1, …].
public struct NamedPoints: Sendable, Equatable {
    public var name: String
    public var points: [Float]
    public init(name: String, points: [Float]) {
        self.name = name
        self.points = points
    }
}
