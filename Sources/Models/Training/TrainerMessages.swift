/// What the UI asks of the trainer; applied between steps, in order.
public enum TrainerCommand: Sendable, Equatable {
    case pause, resume, stepOnce, reset, quit
    /// Optimizer keys aim at one parameter group by name, or at every group (nil).
    case setOptimizer(OptimizerKind, group: String?)
    case scaleLR(Float, group: String?)
    case setLR(Float, group: String?)
    case setBatchSize(Int)
    case setSamplerSteps(Int)
    case setDataset(Dataset)
    case setTrajectories(Bool)
    /// Sample the live picture with the method's exact (closed-form) model instead of the net.
    case setExact(Bool)
    /// Keep an EMA of the weights with this decay from now on, evaluated beside them (0: none).
    case setWeightEMA(Float)
    /// An experiment-specific knob (e.g. "balance" = "lossfree"), validated by the experiment.
    case setOption(key: String, value: String)
}

/// Small per-step numbers; cheap enough to publish every step.
public struct StepMetrics: Sendable, Equatable, Codable {
    public var step: Int
    public var loss: Float
    public var lossEMA: Float
    /// The first parameter group's LR and optimizer (the others are in `TrainerEvent.groups`).
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

/// A named list of numbers (e.g. the share of samples at each mixture component).
public struct NamedVector: Sendable, Equatable, Codable {
    public var name: String
    public var values: [Double]
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

/// Named scalar results of an evaluation (validation loss, kl, …) in a fixed order, plus vectors and curves.
/// How much an evaluation measured: live dashboards alternate cheap evaluations with complete ones.
public enum EvaluationScope: String, Sendable, Codable {
    case quick
}

public struct Evaluation: Sendable, Equatable, Codable {
    public var step: Int
    public var names: [String]
    public var values: [Double]
    public var vectors: [NamedVector] = []
    /// Quality against sampling steps, one series per sampler (live evaluations only).
    public var curves: [NamedSeries] = []
    /// The name of the headline measure (e.g. "kl" or "kl_1"), empty when there is none.
    public var headline = ""
    /// `.quick` for the cheap part only (`Experiment.evaluateQuickly`); nil: everything.
    public var scope: EvaluationScope?
    public var isQuick: Bool { scope == .quick }

    public init(step: Int, names: [String] = [], values: [Double] = []) {
        self.step = step
        self.names = names
        self.values = values
    }

    public subscript(name: String) -> Double? {
        names.firstIndex(of: name).map { values[$0] }
    }

    public func vector(_ name: String) -> [Double]? { vectors.first { $0.name == name }?.values }

    public mutating func append(_ name: String, _ value: Double) {
        names.append(name)
        values.append(value)
    }

    public mutating func append(contentsOf pairs: [(String, Double)]) {
        for (n, v) in pairs { append(n, v) }
    }

    /// This (quick) evaluation over `older`: its values and curve points where it has them, `older`'s elsewhere, so a
    /// dashboard keeps showing costly measures between the evaluations that take them.
    public func overlaying(_ older: Evaluation) -> Evaluation {
        var e = self
        for (n, v) in zip(older.names, older.values) where self[n] == nil { e.append(n, v) }
        e.vectors += older.vectors.filter { v in !vectors.contains { $0.name == v.name } }
        e.curves = older.curves.map { old in
            guard let new = curves.first(where: { $0.name == old.name }) else { return old }
            let xs = Set(new.points.map(\.x))
            return NamedSeries(name: old.name, points: (new.points + old.points.filter { !xs.contains($0.x) }).sorted { $0.x < $1.x })
        } + curves.filter { c in !older.curves.contains { $0.name == c.name } }
        return e
    }
}

/// A large, latest-wins picture of the model for the UI: samples, their paths, the data.
public struct Snapshot: Sendable, Codable {
    public var step: Int
    public var samples: [Float] = []
    public var data: [Float] = []
    public var trajectories: Trajectories?
    public var samplerSteps: Int = 0
    /// The sampler that drew `samples` ("ReFlow", "exact", …).
    public var samplerName = ""
    /// Per-sample category (e.g. the top-1 expert of each point), parallel to `samples`.
    public var sampleGroups: [UInt8] = []
    /// A histogram (e.g. expert load shares) and its ideal level.
    public var histogram: [Float] = []
    public var histogramReference: Float?
    /// Named 2D point sets for a grid of scatters (e.g. 1-step samples of each method), flat [x0, y0, …].
    public var pointSets: [NamedPoints] = []
    /// Named lists of numbers for a method's own panes (e.g. each codebook's usage counts).
    public var vectors: [NamedVector] = []

    public init(step: Int) { self.step = step }
}

/// What the UI needs to know about an experiment to pick its panes and keys; sent at start and after a reset.
public struct ExperimentInfo: Sendable, Equatable, Codable {
    public var method: String
    public var phases: [Phase]
    /// Names of the samplers, the method's own first.
    public var samplers: [String]
    /// Largest live sampler step count (1: the steps keys do nothing).
    public var maxSamplerSteps: Int
    public var hasTrajectories: Bool
    public var hasExact: Bool
    /// Whether evaluations carry a validation excess over an exact floor, and the headline measure's name.
    public var validationPrefix: String?
    public var hasFloor: Bool
    public var headline: String
    /// Noise floors of the measures at the evaluation's sample size, by name ("kl", "swd", "mmd").
    public var floors: [String: Double]
    public var extraMetricNames: [String]
    public var totalSteps: Int
    /// The weight EMA's decay (nil: none), and whether its weights draw the samples and the headline.
    public var weightEMA: Float?
    public var sampleFromEMA = false

    public init(method: String, phases: [Phase] = [], samplers: [String] = [], maxSamplerSteps: Int = 128, hasTrajectories: Bool = false,
                hasExact: Bool = false, validationPrefix: String? = nil, hasFloor: Bool = false, headline: String = "",
                floors: [String: Double] = [:], extraMetricNames: [String] = [], totalSteps: Int = 0) {
        self.method = method
        self.phases = phases
        self.samplers = samplers
        self.maxSamplerSteps = maxSamplerSteps
        self.hasTrajectories = hasTrajectories
        self.hasExact = hasExact
        self.validationPrefix = validationPrefix
        self.hasFloor = hasFloor
        self.headline = headline
        self.floors = floors
        self.extraMetricNames = extraMetricNames
        self.totalSteps = totalSteps
    }
}

/// Everything the trainer tells the UI.
public enum TrainerEvent: Sendable, Codable {
    case metrics(StepMetrics)
    case snapshot(Snapshot)
    /// A held-out evaluation finished (measures, validation, curves).
    case evaluated(Evaluation)
    /// The optimizer of `group` changed at `step` (drawn as a marker on the charts).
    case switched(step: Int, from: OptimizerKind, to: OptimizerKind, group: String)
    /// A setting changed at `step` (lr, batch, dataset, an option): a marker and a notice.
    case changed(step: Int, setting: String, text: String)
    /// Every parameter group's optimizer and LR, after any change.
    case groups([GroupStatus])
    /// A new phase (teacher, then student) began at `step`.
    case phase(name: String, step: Int)
    /// A long operation inside a step ("drawing pairs 12k/50k"); nil when it is over.
    case busy(String?)
    case info(ExperimentInfo)
    case paused(Bool)
    /// Loss or parameters became NaN/Inf; training is paused.
    case diverged(step: Int, message: String)
    case reset
    /// A command was accepted and changed a setting; text for the status line.
    case notice(String)
}

/// A named (x, y) curve.
public struct NamedSeries: Sendable, Equatable, Codable {
    public var name: String
    public var points: [SIMD2<Double>]
    public init(name: String, points: [SIMD2<Double>]) {
        self.name = name
        self.points = points
    }
}

/// A named set of 2D points, flat [x0, y0, x1, y1, …].
public struct NamedPoints: Sendable, Equatable, Codable {
    public var name: String
    public var points: [Float]
    public init(name: String, points: [Float]) {
        self.name = name
        self.points = points
    }
}
