/// Rectified flow (Liu et al. 2022; gnobitab/RectifiedFlow) on the experiment core: a velocity MLP regresses
/// x1 − x0 along straight interpolations between data and noise; sampling integrates the ODE from noise.
///
/// Time convention (the lab's): t = 0 data, t = 1 noise; the official tutorial flips it.
public final class ReFlowMethod: GenerativeMethod {
    public let settings: CoreSettings
    /// The parameter group's name ("flow"; "teacher" when it is another method's first phase).
    public let groupName: String
    public let name: String
    public private(set) var net: FlowNet
    private var flowMatching = FlowMatching()

    public init(settings: CoreSettings, group: String = "flow", name: String = "ReFlow") {
        self.settings = settings
        groupName = group
        self.name = name
        var initRNG = RNG(seed: settings.seed, stream: 2)
        net = FlowNet(settings: settings, rng: &initRNG)
    }

    public var groups: [ParameterGroup] { [ParameterGroup(name: groupName, parameters: net.parameters, config: settings.optimizer)] }
    public var isFinite: Bool { net.allFinite }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        let loss = flowMatching.lossAndGradient(net, rows: ctx.batch, rng: &ctx.rng) { _, r in
            (ctx.data.next(), SIMD2(r.normalFloat(), r.normalFloat()))
        }
        ctx.update(groupName)
        return MethodStep(loss: loss)
    }

    /// The net's ODE (evaluated at `eval_steps`), and the exact field's for Gaussian mixtures.
    public var samplers: [Sampler] {
        [flowSampler(net, name: name, prefix: "", method: settings.sampler, evalSteps: [settings.evalSteps], plainNames: true)]
            + (settings.exactFlowSampler().map { [$0] } ?? [])
    }

    public var validationField: (field: TimedVelocityField, prefix: String)? { (net, "") }
    public var likelihoodField: (field: DivergenceField, prefix: String)? { (net, "") }

    public var extraEvaluationNames: [String] { ["straightness"] }

    /// Straightness of the net's paths on the first 256 evaluation noises (Liu et al. 2022; a mean, so 256 paths pin it to a few %).
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        let z = Array(noise.prefix(512))
        return [("straightness", straightness(net, trajectories: integrateFlow(net, noise: z, steps: settings.evalSteps, method: settings.sampler)))]
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { ReFlowMethod(settings: s, group: groupName, name: name) }
}

extension GenerativeExperiment {
    /// A rectified-flow experiment on these settings (the canonical one by default: benchmarks, tests).
    public static func reflow(_ settings: CoreSettings = CoreSettings()) -> GenerativeExperiment {
        GenerativeExperiment(settings: settings, method: ReFlowMethod(settings: settings))
    }
}
