/// 2-rectified flow (Liu et al. 2022, "reflow"): train a 1-RF, draw fixed pairs (z, x = ODE(z)) with 100 Euler steps,
/// then fit a flow to those pairs with the same loss; its paths are straighter, so few Euler steps suffice.
///
/// Time convention as in `ReFlowMethod`: t = 0 data, t = 1 noise, x_t = (1−t)·x + t·z, target z − x.
/// The 2-RF starts from the 1-RF's weights by default (`reflow_init: teacher`), or afresh.
public final class ReFlow2Method: GenerativeMethod {
    public let settings: CoreSettings
    public let config: OneStepConfig
    public private(set) var teacher: ReFlowMethod
    public private(set) var student: FlowNet?
    private var pairNoise: [Float] = []
    private var pairData: [Float] = []
    private var flowMatching = FlowMatching()

    public init(settings: CoreSettings, config: OneStepConfig) {
        self.settings = settings
        self.config = config
        teacher = ReFlowMethod(settings: settings, group: "teacher", name: "1-RF")
    }

    public var name: String { "2-RF" }
    public var phases: [Phase] { [Phase("1-RF teacher", steps: config.teacherSteps), Phase("2-RF", steps: nil)] }
    public var extraMetricNames: [String] { ["phase"] }
    public var isFinite: Bool { teacher.isFinite && (student?.allFinite ?? true) }
    /// The current flow: the 1-RF during the teacher phase, the 2-RF after.
    public var flow: FlowNet { student ?? teacher.net }

    public var groups: [ParameterGroup] {
        guard let s = student else { return teacher.groups }
        return [ParameterGroup(name: "2-RF", parameters: s.parameters, config: settings.optimizer)]
    }

    public func begin(phase: Int, context: MethodContext) {
        guard phase == 1 else { return }
        var pairRNG = RNG(seed: settings.seed, stream: 5)
        pairNoise = (0..<(2 * config.pairs)).map { _ in pairRNG.normalFloat() }
        pairData = drawPairs(context)
        if config.reflowFromTeacher {
            student = teacher.net.clone()
        } else {
            var initRNG = RNG(seed: settings.seed, stream: 7)
            student = FlowNet(hidden: settings.net.hidden, activation: settings.net.activation, time: settings.net.time, rng: &initRNG)
        }
    }

    /// The coupling x = ODE(z) from the trained 1-RF, drawn in chunks so the UI can say how far along it is.
    private func drawPairs(_ context: MethodContext) -> [Float] {
        let chunk = 2048
        var out: [Float] = []
        out.reserveCapacity(pairNoise.count)
        var done = 0
        while done < config.pairs {
            let n = min(chunk, config.pairs - done)
            context.progress("drawing pairs \(done / 1000)k/\(config.pairs / 1000)k")
            out += eulerSamples(teacher.net, noise: Array(pairNoise[(2 * done)..<(2 * (done + n))]), steps: config.pairSteps)
            done += n
        }
        context.progress(nil)
        return out
    }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        guard let net = student else {
            var m = teacher.trainStep(ctx)
            m.extra = [1]
            return m
        }
        let pairs = config.pairs
        let loss = flowMatching.lossAndGradient(net, rows: ctx.batch, rng: &ctx.rng) { _, r in
            let k = r.int(below: pairs)
            return (SIMD2(pairData[2 * k], pairData[2 * k + 1]), SIMD2(pairNoise[2 * k], pairNoise[2 * k + 1]))
        }
        ctx.update("2-RF")
        return MethodStep(loss: loss, extra: [2])
    }

    /// The 2-RF's (1-RF's, during the teacher phase) Euler ODE at 1…128 steps, and the teacher at `eval_steps`.
    public var samplers: [Sampler] {
        [flowSampler(flow, name: name, prefix: "", method: .euler, evalSteps: oneStepEvalSteps, curveSteps: oneStepCurveSteps),
         teacherSampler(teacher.net, settings: settings, frozen: student != nil)]
    }

    public var validationField: (field: TimedVelocityField, prefix: String)? { (teacher.net, "teacher_") }

    public var extraEvaluationNames: [String] { ["straightness_1rf", "straightness_2rf", "transport_1rf", "transport_2rf"] }

    /// Straightness and transport cost E‖x − z‖² of both couplings, from `pair_steps`-step Euler paths.
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        let steps = config.pairSteps
        let one = integrateFlow(teacher.net, noise: noise, steps: steps)
        let two = student == nil ? one : integrateFlow(flow, noise: noise, steps: steps)
        return [("straightness_1rf", straightness(teacher.net, trajectories: one)),
                ("straightness_2rf", straightness(flow, trajectories: two)),
                ("transport_1rf", transportCost(noise: noise, samples: one.final)),
                ("transport_2rf", transportCost(noise: noise, samples: two.final))]
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { ReFlow2Method(settings: s, config: config) }
}
