/// Shortcut model (Frans et al. 2024; kvfrans/shortcut-models): one network for every step size d, trained with
/// flow matching at the smallest d and self-consistency targets for 2d built from two d-steps without gradient.
///
/// Convention: the paper's τ = 0 noise, τ = 1 data inside this type and `ShortcutNet`; the lab's t = 1 − τ
/// meets it only in `ShortcutFlowField`. Bootstrap targets come from an EMA of the weights when `bootstrap_ema` > 0
/// (the official `bootstrap_ema: 1` with `target_update_rate` 0.999), else the current weights; they are not clipped
/// (the official ±4 clip is for images in [−1, 1]; 2D data reach ±5.5). The bootstrap rows are split evenly over the
/// step sizes, as the official `dt_base` (the paper: d drawn uniformly).
public final class ShortcutMethod: GenerativeMethod {
    public let settings: CoreSettings
    public let config: OneStepConfig
    public private(set) var net: ShortcutNet
    /// The EMA that builds the bootstrap targets, and the one that samples (nil: the trained weights).
    private let targetEMA: (average: WeightEMA, net: ShortcutNet)?
    private let sampleEMA: (average: WeightEMA, net: ShortcutNet)?
    private let bootstrap: MLPWorkspace
    private var target = Matrix(rows: 0, cols: 0)
    private var xs: [SIMD2<Float>] = [], taus: [Float] = [], targetLevels: [Int] = []

    public init(settings: CoreSettings, config: OneStepConfig) {
        self.settings = settings
        self.config = config
        var initRNG = RNG(seed: settings.seed, stream: 2)
        let net = ShortcutNet(hidden: settings.net.hidden, activation: settings.net.activation, levels: config.shortcutLevels, rng: &initRNG)
        self.net = net
        func average(_ decay: Float) -> (WeightEMA, ShortcutNet)? {
            guard decay > 0 else { return nil }
            var r = RNG(seed: 0)
            let shadow = ShortcutNet(hidden: settings.net.hidden, activation: settings.net.activation, levels: config.shortcutLevels, rng: &r)
            return (WeightEMA(source: net, shadow: shadow, decay: decay), shadow)
        }
        targetEMA = average(config.bootstrapEMA)
        sampleEMA = average(config.sampleEMA)
        bootstrap = MLPWorkspace(shape: net.mlp.shape)
    }

    /// The step-size level of bootstrap row `i` of `nb`: levels − 1 down to 0 in equal blocks, the remainder at 0 (d = 1).
    public static func bootstrapLevel(row i: Int, of nb: Int, levels: Int) -> Int {
        let block = nb / levels
        return block > 0 && i < block * levels ? levels - 1 - i / block : 0
    }

    public var name: String { "shortcut" }
    public var groups: [ParameterGroup] { [ParameterGroup(name: "shortcut", parameters: net.parameters, config: settings.optimizer)] }
    public var isFinite: Bool { net.allFinite && (sampleEMA?.net.allFinite ?? true) }
    public var allParameters: [Parameter] { net.parameters + (targetEMA?.net.parameters ?? []) + (sampleEMA?.net.parameters ?? []) }
    /// The net that samples.
    var sampler: ShortcutNet { sampleEMA?.net ?? net }
    /// Rows of a batch of `b` that get self-consistency targets.
    public func bootstrapRows(_ b: Int) -> Int { Int((Float(b) * config.bootstrapFraction).rounded()) }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        let b = ctx.batch, nb = bootstrapRows(b), levels = net.levels
        let ws = net.mlp.workspace
        ws.prepare(batch: b)
        if target.rows != b { target = Matrix(rows: b, cols: 2) }
        if xs.count != nb {
            xs = [SIMD2<Float>](repeating: .zero, count: nb)
            taus = [Float](repeating: 0, count: nb)
            targetLevels = [Int](repeating: 0, count: nb)
        }
        for i in 0..<b {
            let x = ctx.data.next()
            let z = SIMD2(ctx.rng.normalFloat(), ctx.rng.normalFloat())
            // Self-consistency rows take a step 2d = 2^−k, k < levels, with τ on its grid; the rest flow matching at d = 2^−levels.
            let level = i < nb ? Self.bootstrapLevel(row: i, of: nb, levels: levels) : levels
            let sections = 1 << level
            let tau = Float(ctx.rng.int(below: sections)) / Float(sections)
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
        if nb > 0 {
            for (i, v) in (targetEMA?.net ?? net).bootstrapTargets(xs: xs, taus: taus, levels: targetLevels, workspace: bootstrap).enumerated() {
                target.data[2 * i] = v.x
                target.data[2 * i + 1] = v.y
            }
        }
        net.mlp.forward(ws)
        let loss = squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
        net.mlp.backward(ws)
        ctx.update("shortcut")
        targetEMA?.average.update()
        sampleEMA?.average.update()
        return MethodStep(loss: loss)
    }

    /// Shortcut sampling with M = 2^k steps of size 1/M, and the same net at its smallest d as a plain flow (curve only).
    public var samplers: [Sampler] {
        let net = sampler
        let supported = oneStepCurveSteps.filter { $0 <= 1 << net.levels }
        var flow = fewStepSampler("d→0", supported: supported) { net.sample(noise: $0, steps: $1, level: net.levels) }
        flow.prefix = "flow_"
        flow.evalSteps = []
        return [fewStepSampler(name, supported: supported) { net.sample(noise: $0, steps: $1) }, flow]
    }

    /// The d → 0 shortcut is a flow-matching velocity: its validation loss has the exact field's floor.
    public var validationField: (field: TimedVelocityField, prefix: String)? { (ShortcutFlowField(sampler), "") }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { ShortcutMethod(settings: s, config: config) }
}

/// The shortcut net at its smallest step as a velocity in the lab's convention: t = 1 − τ and v = −s
/// (s moves noise to data as τ grows; the lab's v moves data to noise as t grows).
final class ShortcutFlowField: TimedVelocityField {
    let net: ShortcutNet
    init(_ net: ShortcutNet) { self.net = net }

    func velocity(_ x: [Float], times: [Float], into out: inout [Float]) {
        net.velocity(x, taus: times.map { 1 - $0 }, level: net.levels, into: &out)
        for j in out.indices { out[j] = -out[j] }
    }
}
