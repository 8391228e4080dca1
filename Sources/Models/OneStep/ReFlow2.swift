/// 2-rectified flow (Liu et al. 2022, "reflow"): train a 1-RF, draw fixed pairs (z, x = ODE(z)) with 100 Euler steps,
/// then fit a flow to those pairs with the same loss; its paths are straighter, so few Euler steps suffice.
///
/// Time convention as in `ReFlowExperiment`: t = 0 data, t = 1 noise, x_t = (1−t)·x + t·z, target z − x.
/// The 2-RF starts from the 1-RF's weights by default (`reflow_init: teacher`), or afresh.
public final class ReFlow2Experiment: FewStepGenerator {
    public let config: OneStepConfig
    public let evalSet: OneStepEvalSet
    public private(set) var teacher: ReFlowExperiment
    public private(set) var student: FlowNet?
    public private(set) var step = 0
    public let curveCache = CurveCache()
    private var optimizer: OptimizerBank?
    private var pairNoise: [Float] = []
    private var pairData: [Float] = []
    private var rng: RNG
    private var target = Matrix(rows: 0, cols: 0)
    private var lossEMA: Float = .nan

    public init(config: OneStepConfig) {
        self.config = config
        evalSet = config.evalSet
        teacher = ReFlowExperiment(config: config.flow)
        rng = RNG(seed: config.flow.seed, stream: 6)
    }

    public var methodName: String { "2-RF" }
    public var dataset: Dataset { config.flow.dataset }
    public var supportedSteps: [Int] { oneStepCurveSteps }
    public var extraMetricNames: [String] { ["phase"] }
    public var isFinite: Bool { teacher.isFinite && (student?.allFinite ?? true) }
    /// The current flow: the 1-RF during the teacher phase, the 2-RF after.
    public var flow: FlowNet { student ?? teacher.net }

    public func generate(noise: [Float], steps: Int) -> [Float] { eulerSamples(flow, noise: noise, steps: steps) }

    public var reference: (name: String, sample: (_ noise: [Float], _ steps: Int) -> [Float])? {
        let net = teacher.net
        return ("ReFlow", { eulerSamples(net, noise: $0, steps: $1) })
    }

    public func trainStep() -> StepMetrics {
        if step < config.teacherSteps {
            var m = teacher.trainStep()
            step += 1
            m.step = step
            m.extra = [1]
            return m
        }
        if student == nil { startReflow() }
        let net = student!, opt = optimizer!
        let ws = net.mlp.workspace
        let b = config.flow.batch
        for i in 0..<b {
            let k = rng.int(below: config.pairs)
            let z = SIMD2(pairNoise[2 * k], pairNoise[2 * k + 1]), x = SIMD2(pairData[2 * k], pairData[2 * k + 1])
            let t = rng.uniformFloat()
            let xt = (1 - t) * x + t * z
            net.fillInput(&ws.input, row: i, x: xt.x, y: xt.y, t: t)
            target.data[2 * i] = z.x - x.x
            target.data[2 * i + 1] = z.y - x.y
        }
        net.mlp.forward(ws)
        let loss = squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
        net.mlp.backward(ws)
        opt.step()
        step += 1
        let d = config.flow.emaDecay
        lossEMA = lossEMA.isNaN ? loss : d * lossEMA + (1 - d) * loss
        return StepMetrics(step: step, loss: loss, lossEMA: lossEMA, lr: opt.lr, optimizer: opt.current, batch: b, extra: [2])
    }

    /// Draws the fixed coupling from the trained 1-RF and builds the 2-RF and its optimizer.
    private func startReflow() {
        var pairRNG = RNG(seed: config.flow.seed, stream: 5)
        pairNoise = (0..<(2 * config.pairs)).map { _ in pairRNG.normalFloat() }
        pairData = eulerSamples(teacher.net, noise: pairNoise, steps: config.pairSteps)
        var initRNG = RNG(seed: config.flow.seed, stream: 7)
        let c = config.flow
        let net = FlowNet(hidden: c.hidden, activation: c.activation, time: c.time, rng: &initRNG)
        if config.reflowFromTeacher { net.load(values: teacher.net.copyValues()) }
        net.mlp.workspace.prepare(batch: c.batch)
        target = Matrix(rows: c.batch, cols: 2)
        student = net
        optimizer = OptimizerBank(parameters: net.parameters, config: teacher.optimizer.config)
    }

    public var extraEvaluationNames: [String] { ["straightness_1rf", "straightness_2rf", "transport_1rf", "transport_2rf"] }

    /// Straightness and transport cost E‖x − z‖² of both couplings, from 100-step Euler paths on the evaluation noise.
    public func appendExtraEvaluation(to e: inout Evaluation) {
        let steps = config.pairSteps
        let one = integrateFlow(teacher.net, noise: evalSet.noise, steps: steps)
        let two = integrateFlow(flow, noise: evalSet.noise, steps: steps)
        e.append("straightness_1rf", straightness(teacher.net, trajectories: one))
        e.append("straightness_2rf", straightness(flow, trajectories: two))
        e.append("transport_1rf", transportCost(noise: evalSet.noise, samples: one.final))
        e.append("transport_2rf", transportCost(noise: evalSet.noise, samples: two.final))
    }

    /// The shared picture plus a few 2-RF (or 1-RF) paths, to see them straighten.
    public func snapshot() -> Snapshot {
        var s = fewStepSnapshot()
        let k = min(48, evalSet.snapshotNoise.count / 2)
        s.trajectories = integrateFlow(flow, noise: Array(evalSet.snapshotNoise.prefix(2 * k)), steps: 16)
        return s
    }

    public func apply(_ command: TrainerCommand) throws -> [TrainerEvent] {
        if case .reset = command {
            let fresh = ReFlow2Experiment(config: config)
            teacher = fresh.teacher
            student = nil
            optimizer = nil
            rng = fresh.rng
            step = 0
            lossEMA = .nan
            return [.reset]
        }
        return try applyShared(command, optimizer: optimizer ?? teacher.optimizer, step: step, name: "reflow2")
    }
}
