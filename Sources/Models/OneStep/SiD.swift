/// Score identity Distillation (Zhou et al. 2024; mingyuanzhou/SiD) of the lab's rectified flow into a one-step generator.
///
/// Phase 1 trains a 1-RF (the teacher, frozen afterwards). Its x0-predictor is f_φ(x_t, t) = x_t − t·v_φ(x_t, t)
/// (x_t = (1−t)·x0 + t·x1, t = 0 data). The generator G and the fake score ψ start as copies of the teacher;
/// G(z) = u − t_g·v_G(u, t_g) with u = t_g·z (SiD feeds σ_init·z likewise). Each step: `fake_steps` EDM-loss steps of ψ
/// on G's samples, then one step of G on the SiD loss, differentiated through x_g, f_φ(x_t) and f_ψ(x_t).
/// The two nets are the parameter groups "generator" and "fake score", each with its own optimizer.
/// Deviations from the official code (README, "One-step generation"): the nets are the lab's flow nets with random
/// Fourier features of the position (`input_features`, which a 2D generator needs to reach the modes), the teacher is a
/// learned 1-RF, the LRs suit these small nets, and the losses are batch means.
public final class SiDMethod: GenerativeMethod {
    public let settings: CoreSettings
    public private(set) var config: OneStepConfig
    let teacher: FlowStage
    private(set) var distill: SiDNets?
    /// The data's RMS σ_d: SiD's image-unit noise levels are scaled by σ_d/0.5.
    let sigmaData: Float

    public init(settings: CoreSettings, config: OneStepConfig) {
        self.settings = settings
        self.config = config
        teacher = FlowStage(settings: settings, stream: 2, emaDecay: config.flowEMA)
        sigmaData = dataScale(settings)
    }

    public var lambda: Float { config.lambda }
    public var name: String { "SiD λ=\(formatNumber(lambda))" }
    public var phases: [Phase] { [Phase("1-RF teacher", steps: config.teacherSteps), Phase("SiD", steps: nil)] }
    public var extraMetricNames: [String] { ["phase", "fake_loss"] }
    /// Once SiD runs, only its nets change: the frozen teacher was checked when its phase ended.
    public var isFinite: Bool { distill?.allFinite ?? teacher.isFinite }

    /// The generator's LR is `generator_lr` on every kind: its Muon LR scales by generator_lr/lr like the rest.
    /// Both SiD groups use Adam β1 = `sid_beta1` (the official code: 0).
    public var allParameters: [Parameter] { teacher.parameters + (distill?.parameters ?? []) }

    public var groups: [ParameterGroup] {
        guard let d = distill else { return [teacher.group("teacher", settings.optimizer)] }
        var fake = settings.optimizer
        fake.beta1 = config.sidBeta1
        var g = fake
        let ratio = config.generatorLR / max(g.lr, .leastNonzeroMagnitude)
        g.lr = config.generatorLR
        g.muonLR *= ratio
        return [ParameterGroup(name: "generator", parameters: d.generator.parameters, config: g),
                ParameterGroup(name: "fake score", parameters: d.fake.parameters, config: fake)]
    }

    public func begin(phase: Int, context: MethodContext) {
        if phase == 1 { distill = SiDNets(teacher: teacher.flow, config: config, sigmaData: sigmaData) }
    }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        guard let d = distill else {
            let loss = teacher.trainOnData(ctx, group: "teacher")
            return MethodStep(loss: loss, extra: [1, .nan])
        }
        d.prepare(batch: ctx.batch)
        var fake: Float = 0
        for _ in 0..<config.fakeSteps {
            fake = d.fakeGradient(rng: &ctx.rng)
            ctx.update("fake score")
        }
        let loss = d.generatorLossAndGradient(lambda: config.lambda, rng: &ctx.rng)
        ctx.update("generator")
        d.updateAverage()
        return MethodStep(loss: loss, extra: [2, fake])
    }

    /// One generator evaluation per sample (before distillation starts, the teacher's 1-step Euler sample),
    /// and the teacher's own ODE at `eval_steps`.
    public var samplers: [Sampler] {
        let own = fewStepSampler(name, supported: [1]) { [distill, teacher] noise, _ in
            distill?.generate(noise: noise) ?? eulerSamples(teacher.flow, noise: noise, steps: 1)
        }
        return [own, teacherSampler(teacher.flow, settings: settings, frozen: distill != nil)]
    }

    public var validationField: (field: TimedVelocityField, prefix: String)? { (teacher.flow, "teacher_") }

    public func setOption(_ key: String, _ value: String) throws -> String {
        guard key == "lambda" else { throw CommandError("sid has no option '\(key)' (lambda)") }
        guard let l = Float(value), l.isFinite, l >= 0, l <= 3 else { throw CommandError("lambda must be a number in 0…3, got '\(value)'") }
        config.lambda = l
        return "λ \(formatNumber(l))"
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { SiDMethod(settings: s, config: config) }
}
