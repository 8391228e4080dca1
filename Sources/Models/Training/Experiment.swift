/// A trainable experiment the trainer thread drives; owned by exactly one thread at a time.
public protocol Experiment: AnyObject {
    /// Steps taken so far.
    var step: Int { get }
    /// Names of `StepMetrics.extra`, for CSV headers and panes.
    var extraMetricNames: [String] { get }
    /// Names of the evaluation's values, in order (CSV columns).
    var evaluationNames: [String] { get }

    /// One optimisation step.
    func trainStep() -> StepMetrics
    /// Deterministic held-out evaluation (for `metrics.csv` and the stats pane).
    func evaluate() -> Evaluation
    /// A picture for the UI: samples, trajectories, histograms.
    func snapshot() -> Snapshot
    /// Applies a command other than pause/resume/step/quit; returns events to publish.
    func apply(_ command: TrainerCommand) throws -> [TrainerEvent]
    /// True when the parameters are all finite.
    var isFinite: Bool { get }
    /// Files a headless run writes besides metrics.csv and summary.json (e.g. samples.csv).
    func outputs() -> [(name: String, contents: String)]
}

/// A command an experiment cannot honour, with a one-line reason.
public struct CommandError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
