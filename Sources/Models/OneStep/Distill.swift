/// One-step distillation of k-rectified flow (Liu et al. 2022, "k-RF + Distill"): train the 1-RF (and for k = 2 the
/// 2-RF on the 1-RF's pairs), draw the k-RF's coupling (z, x = ODE_k(z)), then fit a generator G(z) ≈ x.
///
/// G is the k-RF's own net read at t = 1 (noise) and taken one Euler step: G(z) = z − v_G(z, 1), initialised from the
/// k-RF's weights as in the paper. Its loss ‖G(z) − x‖² = ‖v_G(z, 1) − (z − x)‖² is flow matching at t = 1 on the
/// fixed pairs, so it trains with the same code as the flows. (The paper uses LPIPS for images; in 2D, L2.)
public final class DistillMethod: GenerativeMethod {
    public let settings: CoreSettings
    public let config: OneStepConfig
    let teacher: FlowStage
    private(set) var reflow: FlowStage?
    private(set) var generator: FlowStage?
    private var reflowPairs: Coupling?
    private var pairs: Coupling?

    public init(settings: CoreSettings, config: OneStepConfig) {
        self.settings = settings
        self.config = config
        teacher = FlowStage(settings: settings, stream: 2, emaDecay: config.flowEMA)
    }

    public var name: String { "\(config.reflowK)-RF distill" }

    public var phases: [Phase] {
        let rest = Phase("distill", steps: nil)
        let first = Phase("1-RF teacher", steps: config.teacherSteps)
        return config.reflowK == 2 ? [first, Phase("2-RF", steps: config.reflowSteps), rest] : [first, rest]
    }

    public var extraMetricNames: [String] { ["phase"] }
    public var isFinite: Bool { teacher.isFinite && (reflow?.isFinite ?? true) && (generator?.isFinite ?? true) }

    /// The flow whose coupling G distils (the 1-RF, or the 2-RF once it exists).
    var source: FlowStage { reflow ?? teacher }

    public var allParameters: [Parameter] { teacher.parameters + (reflow?.parameters ?? []) + (generator?.parameters ?? []) }

    public var groups: [ParameterGroup] {
        if let g = generator { return [g.group("generator", settings.optimizer)] }
        if let r = reflow { return [r.group("2-RF", settings.optimizer)] }
        return [teacher.group("teacher", settings.optimizer)]
    }

    public func begin(phase: Int, context: MethodContext) {
        guard phase > 0 else { return }
        if phase == 1 && config.reflowK == 2 {
            reflowPairs = context.evaluatesOnly ? nil : Coupling(flow: teacher.flow, count: config.pairs, steps: config.pairSteps, seed: settings.seed, stream: 5,
                                   context: context, label: "drawing 1-RF pairs")
            reflow = FlowStage(net: teacher.flow.clone(), emaDecay: config.flowEMA)
            return
        }
        reflowPairs = nil
        pairs = context.evaluatesOnly ? nil : Coupling(flow: source.flow, count: config.pairs, steps: config.pairSteps, seed: settings.seed,
                         stream: config.reflowK == 2 ? 10 : 5, context: context, label: "drawing \(config.reflowK)-RF pairs")
        generator = FlowStage(net: source.flow.clone(), emaDecay: config.flowEMA)
    }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        if let g = generator, let p = pairs {
            let loss = g.trainStep(ctx, group: "generator", time: { _ in 1 }) { _, r in p.randomPair(&r) }
            return MethodStep(loss: loss, extra: [Float(phases.count)])
        }
        if let r = reflow, let p = reflowPairs {
            return MethodStep(loss: r.trainStep(ctx, group: "2-RF") { _, rng in p.randomPair(&rng) }, extra: [2])
        }
        return MethodStep(loss: teacher.trainOnData(ctx, group: "teacher"), extra: [1])
    }

    /// G's one step (before distillation, the current flow's 1-step Euler sample), and the k-RF's own ODE at `eval_steps`.
    public var samplers: [Sampler] {
        let one = generator?.flow ?? source.flow
        let own = fewStepSampler(name, supported: [1]) { noise, _ in eulerSamples(one, noise: noise, steps: 1) }
        return [own, teacherSampler(source.flow, name: "\(reflow == nil ? 1 : 2)-RF teacher", settings: settings, frozen: generator != nil)]
    }

    public var validationField: (field: TimedVelocityField, prefix: String)? { (teacher.flow, "teacher_") }

    public var extraEvaluationNames: [String] { ["distill_error"] }

    /// Mean ‖G(z) − ODE_k(z)‖² on the evaluation noise: how well G reproduces the coupling it distils (0 before G exists).
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        guard let g = generator else { return [("distill_error", 0)] }
        let x = integrateFlowFinal(source.flow, noise: noise, steps: config.pairSteps)
        let y = eulerSamples(g.flow, noise: noise, steps: 1)
        return [("distill_error", transportCost(noise: x, samples: y))]
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { DistillMethod(settings: s, config: config) }
}
