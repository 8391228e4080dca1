/// Score identity Distillation (Zhou et al. 2024) of the lab's rectified flow into a one-step generator.
///
/// Phase 1 trains a 1-RF (the teacher, frozen afterwards). Its x0-predictor is f_φ(x_t, t) = x_t − t·v_φ(x_t, t)
/// (x_t = (1−t)·x0 + t·x1, t = 0 data). The generator G and the fake score ψ start as copies of the teacher;
/// G(z) = u − t_g·v_G(u, t_g) with u = t_g·z (SiD feeds σ_init·z likewise). Each step: one flow-matching step of ψ
/// on G's samples, then one step of G on the SiD loss, differentiated through x_g, f_φ(x_t) and f_ψ(x_t).
public final class SiDExperiment: FewStepGenerator {
    public let config: OneStepConfig
    public let evalSet: OneStepEvalSet
    public private(set) var teacher: ReFlowExperiment
    public private(set) var lambda: Float
    public private(set) var step = 0
    public let curveCache = CurveCache()
    private var distill: SiDNets?
    private var rng: RNG
    private var lossEMA: Float = .nan

    public init(config: OneStepConfig) {
        self.config = config
        evalSet = config.evalSet
        lambda = config.lambda
        teacher = ReFlowExperiment(config: config.flow)
        rng = RNG(seed: config.flow.seed, stream: 10)
    }

    public var methodName: String { "SiD λ=\(formatNumber(Double(lambda)))" }
    public var dataset: Dataset { config.flow.dataset }
    public var supportedSteps: [Int] { [1] }
    public var extraMetricNames: [String] { ["phase", "fake_loss"] }
    public var isFinite: Bool { teacher.isFinite && (distill?.allFinite ?? true) }
    public var extraEvaluationNames: [String] { [] }
    public func appendExtraEvaluation(to e: inout Evaluation) {}

    public var reference: (name: String, sample: (_ noise: [Float], _ steps: Int) -> [Float])? {
        let net = teacher.net
        return ("ReFlow", { eulerSamples(net, noise: $0, steps: $1) })
    }

    /// One generator evaluation per sample; before distillation starts, the teacher's 1-step Euler sample.
    public func generate(noise: [Float], steps: Int) -> [Float] {
        guard let d = distill else { return eulerSamples(teacher.net, noise: noise, steps: 1) }
        return d.generate(noise: noise)
    }

    public func trainStep() -> StepMetrics {
        if step < config.teacherSteps {
            var m = teacher.trainStep()
            step += 1
            m.step = step
            m.extra = [1, .nan]
            return m
        }
        if distill == nil { distill = SiDNets(teacher: teacher.net, config: config) }
        let d = distill!
        let fake = d.fakeStep(rng: &rng)
        let loss = d.generatorStep(lambda: lambda, rng: &rng)
        step += 1
        let k = config.flow.emaDecay
        lossEMA = lossEMA.isNaN ? loss : k * lossEMA + (1 - k) * loss
        return StepMetrics(step: step, loss: loss, lossEMA: lossEMA, lr: d.generatorOptimizer.lr,
                           optimizer: d.generatorOptimizer.current, batch: config.flow.batch, extra: [2, fake])
    }

    public func apply(_ command: TrainerCommand) throws -> [TrainerEvent] {
        switch command {
        case .reset:
            teacher = ReFlowExperiment(config: config.flow)
            distill = nil
            rng = RNG(seed: config.flow.seed, stream: 10)
            step = 0
            lossEMA = .nan
            return [.reset]
        case .setOption("lambda", let value):
            guard let l = Float(value), l.isFinite, l >= 0, l <= 3 else { throw CommandError("lambda must be a number in 0…3, got '\(value)'") }
            lambda = l
            return [.notice("λ \(value)")]
        default:
            return try applyShared(command, optimizer: distill?.generatorOptimizer ?? teacher.optimizer, step: step, name: "sid")
        }
    }
}
