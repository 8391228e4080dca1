/// Where samples came from, and (for integrators) the path every sample took.
public struct SampleRun {
    public var final: [Float]
    public var trajectories: Trajectories?

    public init(final: [Float], trajectories: Trajectories? = nil) {
        self.final = final
        self.trajectories = trajectories
    }
}

/// One way to turn noise into samples: the method's own sampler, its teacher's, or an exact model's.
///
/// The core evaluates every sampler at its `evalSteps` with the shared measures, draws its
/// quality-vs-steps curve at `curveSteps`, and shows the first one live.
public struct Sampler {
    /// Name in charts, grids and stats ("ReFlow", "2-RF", "teacher", "exact").
    public var name: String
    /// Prefix of its measures' names: "" for the method's own, "teacher_", "exact_".
    public var prefix: String
    /// Step counts evaluated headless and live; a `_M` suffix names each unless `plainNames` (one count only).
    public var evalSteps: [Int]
    public var plainNames = false
    /// Step counts of the live quality-vs-steps curve (empty: none).
    public var curveSteps: [Int] = []
    /// True when the sampler no longer changes (a frozen teacher, an exact model): the core measures it once.
    public var frozen = false
    /// True for a closed-form model (the live picture's `x` key swaps it in for the net).
    public var exact = false
    /// Largest step count the live picture may ask for (1 for one-step generators).
    public var maxSteps: Int
    /// Whether `run` can return the samples' paths (ODE integrators).
    public var hasPaths: Bool
    /// Samples from `noise` (flat n×2 standard normals) in `steps` steps; keeps paths when `paths` is true.
    public var run: (_ noise: [Float], _ steps: Int, _ paths: Bool) -> SampleRun

    public init(name: String, prefix: String, evalSteps: [Int], plainNames: Bool = false, curveSteps: [Int] = [],
                frozen: Bool = false, exact: Bool = false, maxSteps: Int = 128, hasPaths: Bool = false,
                run: @escaping (_ noise: [Float], _ steps: Int, _ paths: Bool) -> SampleRun) {
        self.name = name
        self.prefix = prefix
        self.evalSteps = evalSteps
        self.plainNames = plainNames && evalSteps.count == 1
        self.curveSteps = curveSteps
        self.frozen = frozen
        self.exact = exact
        self.maxSteps = maxSteps
        self.hasPaths = hasPaths
        self.run = run
    }

    /// The suffix of this sampler's measures at `steps` ("" or "_M").
    public func suffix(steps: Int) -> String { plainNames ? "" : "_\(steps)" }
}

/// A stretch of training with its own nets (a teacher, then its student); one phase by default.
public struct Phase: Sendable, Equatable, Codable {
    public var name: String
    /// Steps in this phase; nil runs until the end.
    public var steps: Int?
    public init(_ name: String, steps: Int?) {
        self.name = name
        self.steps = steps
    }
}

/// The result of one step: the loss to log and the method's extra per-step numbers.
public struct MethodStep {
    public var loss: Float
    public var extra: [Float]
    public init(loss: Float, extra: [Float] = []) {
        self.loss = loss
        self.extra = extra
    }
}

/// A generative method on the shared experiment core: it owns its nets and supplies gradients and samples;
/// the core owns everything else (steps, loss EMA, optimizers and their hot-swap, evaluation, reset,
/// snapshots, headless outputs).
///
/// To add a method: write a type that conforms (see `ReFlowMethod` for the smallest one) and declare its kind as a
/// member of its family in the family's folder (`ExperimentFamily`, e.g. `OneStepFamily.swift`): its keys and how to build it.
public protocol GenerativeMethod: AnyObject {
    /// Name in charts and grids.
    var name: String { get }
    /// The parameter groups trained now, each with its own optimizer; may change when a phase begins.
    var groups: [ParameterGroup] { get }
    /// Phases in order (a teacher, then the method); the core announces each as it begins.
    var phases: [Phase] { get }
    /// Called when `phase` begins, before its first step (phase 0 right after construction).
    func begin(phase: Int, context: MethodContext)
    /// One optimisation step: gradients into the groups' parameters, then `context.update(group)` for each.
    func trainStep(_ context: MethodContext) -> MethodStep
    /// Names of `MethodStep.extra`.
    var extraMetricNames: [String] { get }
    /// Ways to sample; the first is the method's own (shown live, its first eval step count is the headline).
    /// None for a method that draws no samples (an autoencoder): its measures are then all `extraEvaluation`.
    var samplers: [Sampler] { get }
    /// The live picture's sampler when the method lets a person pick one (on the exact model when `exact`); nil: the first.
    func liveSampler(exact: Bool) -> Sampler?
    /// A velocity field whose held-out flow-matching loss is meaningful (and the prefix of its names), if any.
    var validationField: (field: TimedVelocityField, prefix: String)? { get }
    /// A validation the method reports itself in `extraEvaluation` as `prefix` + val_loss (+ val_floor, val_excess when it
    /// has a floor), for methods whose loss is not flow matching; charted like `validationField`'s.
    var ownValidation: (prefix: String, hasFloor: Bool)? { get }
    /// Just the `ownValidation` values of `extraEvaluation`, for quick evaluations (the rest of the extras may cost).
    func ownValidationScalars() -> [(String, Double)]
    /// An ODE model whose exact likelihood the core reports (`flow_nll`, `flow_kl`; see `odeLogLikelihood`), if any.
    var likelihoodField: (field: DivergenceField, prefix: String)? { get }
    /// Method-specific evaluation values (straightness, transport cost, …), appended after the measures.
    func extraEvaluation(noise: [Float]) -> [(String, Double)]
    /// Names `extraEvaluation` returns, in order (for CSV headers before any evaluation ran).
    var extraEvaluationNames: [String] { get }
    /// Adds method-specific pictures to a live snapshot (expert colours, load histograms).
    func decorate(_ snapshot: inout Snapshot)
    /// Files a headless run writes besides the samplers' samples (an autoencoder's reconstructions and codebook).
    func outputFiles() -> [(name: String, contents: String)]
    /// A live knob (`lambda`, `balance`, …); returns the notice text or throws a `CommandError`.
    func setOption(_ key: String, _ value: String) throws -> String
    /// The same method with fresh weights, built from its current settings (options the user changed stay).
    func rebuilt(_ settings: CoreSettings) -> GenerativeMethod
    /// True when every parameter is finite.
    var isFinite: Bool { get }
    /// Every parameter the samplers, measures and live picture read, in a stable order: the trained groups', then
    /// frozen teachers' and internal weight averages'. A method `rebuilt` from the same settings and in the same phase
    /// lists the same shapes, so the evaluator's copy loads one from the other.
    var allParameters: [Parameter] { get }
    /// After `allParameters` were loaded from `source` (the live method): takes the state training changes besides
    /// weights (MoE's routing bias) and drops caches keyed to the old weights.
    func didLoadWeights(from source: GenerativeMethod)
}

extension GenerativeMethod {
    public var phases: [Phase] { [Phase("train", steps: nil)] }
    public func begin(phase: Int, context: MethodContext) {}
    public var extraMetricNames: [String] { [] }
    public var validationField: (field: TimedVelocityField, prefix: String)? { nil }
    public var ownValidation: (prefix: String, hasFloor: Bool)? { nil }
    public func ownValidationScalars() -> [(String, Double)] { [] }
    public func liveSampler(exact: Bool) -> Sampler? { nil }
    public var likelihoodField: (field: DivergenceField, prefix: String)? { nil }
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] { [] }
    public var extraEvaluationNames: [String] { [] }
    public func decorate(_ snapshot: inout Snapshot) {}
    public func outputFiles() -> [(name: String, contents: String)] { [] }
    public var allParameters: [Parameter] { groups.flatMap(\.parameters) }
    public func didLoadWeights(from source: GenerativeMethod) {}
    public func setOption(_ key: String, _ value: String) throws -> String {
        throw CommandError("\(name) has no option '\(key)'")
    }
}
