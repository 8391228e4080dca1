/// A trainable experiment the trainer thread drives; owned by exactly one thread at a time.
///
/// `GenerativeExperiment` (the experiment core) is the one implementation; tests drive fakes through it.
public protocol Experiment: AnyObject {
    /// Steps taken so far.
    var step: Int { get }
    /// Names of `StepMetrics.extra`, for CSV headers and panes.
    var extraMetricNames: [String] { get }
    /// Names of the evaluation's values, in order (CSV columns).
    var evaluationNames: [String] { get }
    /// What the UI needs to pick panes and keys.
    var info: ExperimentInfo { get }
    /// Every parameter group's optimizer and LR.
    var groupStatus: [GroupStatus] { get }

    /// One optimisation step.
    func trainStep() -> StepMetrics
    /// Deterministic held-out evaluation; `curves` adds the quality-vs-steps sweep (live dashboards).
    func evaluate(curves: Bool) -> Evaluation
    /// The cheap part of `evaluate` (live dashboards take it often and the whole at a lower cadence).
    func evaluateQuickly(curves: Bool) -> Evaluation
    /// A picture for the UI: samples, trajectories, histograms.
    func snapshot() -> Snapshot
    /// Applies a command other than pause/resume/step/quit; returns events to publish.
    func apply(_ command: TrainerCommand) throws -> [TrainerEvent]
    /// True when the parameters are all finite.
    var isFinite: Bool { get }
    /// The held-out loss `DivergenceRule` watches, for the weights now (nil: the experiment has none).
    func validationLoss() -> Double?
    /// Files a headless run writes besides metrics.csv and summary.json (e.g. samples.csv).
    func outputs() -> [(name: String, contents: String)]
    /// Fields summary.json adds after the last evaluation's (entropy, floors, parameter groups, phases).
    func summary() -> JSONObject
    /// Events raised inside `trainStep` (a phase began); the caller publishes them.
    func takeEvents() -> [TrainerEvent]
    /// Receives progress of long operations inside a step ("drawing pairs 12k/50k"; nil when done).
    var progress: ((String?) -> Void)? { get set }
    /// A copy for another thread to evaluate and picture: the same settings and phase with the weights of now, taken
    /// between two steps (`previous`, an idle earlier copy, is refreshed in place when it still fits). nil: this
    /// experiment cannot be copied, and the trainer evaluates it in place.
    func evaluationCopy(refreshing previous: Experiment?) -> Experiment?
}

extension Experiment {
    public func evaluate() -> Evaluation { evaluate(curves: false) }
    public func evaluateQuickly(curves: Bool) -> Evaluation { evaluate(curves: curves) }
    public func evaluationCopy(refreshing previous: Experiment?) -> Experiment? { nil }
}

/// A command an experiment cannot honour, with a one-line reason.
public struct CommandError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
