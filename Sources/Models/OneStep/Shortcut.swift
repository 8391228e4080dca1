/// Shortcut model (Frans et al. 2024; kvfrans/shortcut-models): one network for every step size d, trained with
/// flow matching at the smallest d and self-consistency targets for 2d built from two d-steps without gradient.
///
/// Convention (the paper's): τ = 0 noise, τ = 1 data; see `ShortcutNet`. Bootstrap targets use the current
/// weights (no EMA) and are not clipped (the official ±4 clip is for images in [−1, 1]; 2D data reach ±5.5).
public final class ShortcutExperiment: FewStepGenerator {
    public let config: OneStepConfig
    public let evalSet: OneStepEvalSet
    public private(set) var net: ShortcutNet
    public private(set) var optimizer: OptimizerBank
    public private(set) var step = 0
    public let curveCache = CurveCache()
    private var rng: RNG
    private let bootstrap: MLPWorkspace
    private var target = Matrix(rows: 0, cols: 0)
    private var lossEMA: Float = .nan

    public init(config: OneStepConfig) {
        self.config = config
        evalSet = config.evalSet
        var initRNG = RNG(seed: config.flow.seed, stream: 2)
        net = ShortcutNet(hidden: config.flow.hidden, activation: config.flow.activation, levels: config.shortcutLevels, rng: &initRNG)
        optimizer = OptimizerBank(parameters: net.parameters, config: config.flow.optimizer)
        rng = RNG(seed: config.flow.seed, stream: 1)
        bootstrap = MLPWorkspace(shape: net.mlp.shape)
        net.mlp.workspace.prepare(batch: config.flow.batch)
        target = Matrix(rows: config.flow.batch, cols: 2)
    }

    public var methodName: String { "shortcut" }
    public var dataset: Dataset { config.flow.dataset }
    public var supportedSteps: [Int] { oneStepCurveSteps.filter { $0 <= 1 << net.levels } }
    public var extraMetricNames: [String] { [] }
    public var isFinite: Bool { net.allFinite }
    /// Rows of each batch that get self-consistency targets.
    public var bootstrapRows: Int { Int((Float(config.flow.batch) * config.bootstrapFraction).rounded()) }

    public func generate(noise: [Float], steps: Int) -> [Float] { net.sample(noise: noise, steps: steps) }

    /// The same net at its flow-matching step size d = 2^−levels, Euler with M steps: plain rectified flow.
    public var reference: (name: String, sample: (_ noise: [Float], _ steps: Int) -> [Float])? {
        let net = net
        return ("ReFlow (d→0)", { net.sample(noise: $0, steps: $1, level: net.levels) })
    }

    public func trainStep() -> StepMetrics {
        let b = config.flow.batch, nb = bootstrapRows, levels = net.levels
        let ws = net.mlp.workspace
        var xs = [SIMD2<Float>](repeating: .zero, count: nb)
        var taus = [Float](repeating: 0, count: nb)
        var targetLevels = [Int](repeating: 0, count: nb)
        for i in 0..<b {
            let x = config.flow.dataset.sample(&rng)
            let z = SIMD2(rng.normalFloat(), rng.normalFloat())
            // Self-consistency rows take a step 2d = 2^−k, k < levels, with τ on its grid; the rest flow matching at d = 2^−levels.
            let level = i < nb ? rng.int(below: levels) : levels
            let sections = 1 << level
            let tau = Float(rng.int(below: sections)) / Float(sections)
            let xt = (1 - tau) * z + tau * x
            net.fillInput(&ws.input, row: i, x: xt.x, y: xt.y, tau: tau, level: level)
            if i < nb {
                xs[i] = xt
                taus[i] = tau
                targetLevels[i] = level
            } else {
                target.data[2 * i] = x.x - z.x
                target.data[2 * i + 1] = x.y - z.y
            }
        }
        if nb > 0 { fillBootstrapTargets(xs: xs, taus: taus, levels: targetLevels) }
        net.mlp.forward(ws)
        let loss = squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
        net.mlp.backward(ws)
        optimizer.step()
        step += 1
        let dk = config.flow.emaDecay
        lossEMA = lossEMA.isNaN ? loss : dk * lossEMA + (1 - dk) * loss
        return StepMetrics(step: step, loss: loss, lossEMA: lossEMA, lr: optimizer.lr, optimizer: optimizer.current, batch: b)
    }

    /// Rows 0..<nb of `target` get the self-consistency targets of their (x_τ, τ, 2d).
    private func fillBootstrapTargets(xs: [SIMD2<Float>], taus: [Float], levels: [Int]) {
        let targets = net.bootstrapTargets(xs: xs, taus: taus, levels: levels, workspace: bootstrap)
        for (i, v) in targets.enumerated() {
            target.data[2 * i] = v.x
            target.data[2 * i + 1] = v.y
        }
    }

    public var extraEvaluationNames: [String] { [] }
    public func appendExtraEvaluation(to e: inout Evaluation) {}

    public func apply(_ command: TrainerCommand) throws -> [TrainerEvent] {
        if case .reset = command {
            let fresh = ShortcutExperiment(config: config)
            net = fresh.net
            optimizer = fresh.optimizer
            rng = fresh.rng
            step = 0
            lossEMA = .nan
            return [.reset]
        }
        return try applyShared(command, optimizer: optimizer, step: step, name: "shortcut")
    }
}
