/// 2-rectified flow (Liu et al. 2022, "reflow"): train a 1-RF, draw fixed pairs (z, x = ODE(z)) with 100 Euler steps,
/// then fit a flow to those pairs with the same loss; its paths are straighter, so few Euler steps suffice.
///
/// Time convention as in `ReFlowMethod`: t = 0 data, t = 1 noise, x_t = (1−t)·x + t·z, target z − x.
/// The 2-RF starts from the 1-RF's weights by default (`reflow_init: teacher`, as the paper), or afresh. With
/// `flow_ema` > 0 the EMA of each flow's weights draws the pairs and samples (a deviation: the 2D tutorial keeps none).
public final class ReFlow2Method: GenerativeMethod {
    public let settings: CoreSettings
    public let config: OneStepConfig
    let teacher: FlowStage
    private(set) var student: FlowStage?
    private var coupling: Coupling?

    public init(settings: CoreSettings, config: OneStepConfig) {
        self.settings = settings
        self.config = config
        teacher = FlowStage(settings: settings, stream: 2, emaDecay: config.flowEMA)
    }

    public var name: String { "2-RF" }
    public var phases: [Phase] { [Phase("1-RF teacher", steps: config.teacherSteps), Phase("2-RF", steps: nil)] }
    public var extraMetricNames: [String] { ["phase"] }
    public var isFinite: Bool { teacher.isFinite && (student?.isFinite ?? true) }
    /// The current flow: the 1-RF during the teacher phase, the 2-RF after.
    public var flow: FlowNet { student?.flow ?? teacher.flow }

    public var allParameters: [Parameter] { teacher.parameters + (student?.parameters ?? []) }

    public var groups: [ParameterGroup] {
        guard let s = student else { return [teacher.group("teacher", settings.optimizer)] }
        return [s.group("2-RF", settings.optimizer)]
    }

    public func begin(phase: Int, context: MethodContext) {
        guard phase == 1 else { return }
        coupling = context.evaluatesOnly ? nil : Coupling(flow: teacher.flow, count: config.pairs, steps: config.pairSteps, seed: settings.seed, stream: 5,
                            context: context, label: "drawing pairs")
        student = config.reflowFromTeacher ? FlowStage(net: teacher.flow.clone(), emaDecay: config.flowEMA)
            : FlowStage(settings: settings, stream: 7, emaDecay: config.flowEMA)
    }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        guard let s = student, let pairs = coupling else {
            let loss = teacher.trainOnData(ctx, group: "teacher")
            return MethodStep(loss: loss, extra: [1])
        }
        return MethodStep(loss: s.trainStep(ctx, group: "2-RF") { _, r in pairs.randomPair(&r) }, extra: [2])
    }

    /// The 2-RF's (1-RF's, during the teacher phase) Euler ODE at 1…128 steps, and the teacher at `eval_steps`.
    public var samplers: [Sampler] {
        [flowSampler(flow, name: name, prefix: "", method: .euler, evalSteps: oneStepEvalSteps, curveSteps: oneStepCurveSteps),
         teacherSampler(teacher.flow, settings: settings, frozen: student != nil)]
    }

    public var validationField: (field: TimedVelocityField, prefix: String)? { (teacher.flow, "teacher_") }

    public var extraEvaluationNames: [String] { ["straightness_1rf", "straightness_2rf", "transport_1rf", "transport_2rf"] }

    /// Straightness and transport cost E‖x − z‖² of both couplings, from `pair_steps`-step Euler paths.
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        let steps = config.pairSteps
        let one = integrateFlow(teacher.flow, noise: noise, steps: steps)
        let two = student == nil ? one : integrateFlow(flow, noise: noise, steps: steps)
        return [("straightness_1rf", straightness(teacher.flow, trajectories: one)),
                ("straightness_2rf", straightness(flow, trajectories: two)),
                ("transport_1rf", transportCost(noise: noise, samples: one.final)),
                ("transport_2rf", transportCost(noise: noise, samples: two.final))]
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { ReFlow2Method(settings: s, config: config) }
}
