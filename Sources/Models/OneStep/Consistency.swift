import Foundation

/// Consistency training, improved (Song & Dhariwal 2023): f(x + σ_{i+1}z, σ_{i+1}) is pulled toward the
/// stop-gradient f(x + σ_i z, σ_i) with the same z, under a pseudo-Huber loss weighted by 1/(σ_{i+1} − σ_i),
/// σ_i drawn by iCT's log-normal proposal on a Karras grid whose size N(k) doubles on a curriculum.
///
/// Scales for 2D: σ_d = RMS of the data (≈ 2.87 for 8 Gaussians), σ_min = 0.01, σ_max = 40 (≈ 14σ_d) by default;
/// P_mean and the Huber c are the image values scaled by σ_d/0.5 (c = 0.00054·√2·σ_d/0.5).
/// Teacher: θ⁻ = sg(θ) (iCT) or an EMA of θ when `teacher_ema` > 0 (original CT). With `sample_ema` > 0 an EMA of θ
/// samples, as iCT keeps one for evaluation (0.99993 on CIFAR-10).
public final class ConsistencyMethod: GenerativeMethod {
    public let settings: CoreSettings
    public let config: OneStepConfig
    public let scalings: ConsistencyScalings
    public private(set) var net: MLP
    /// CT's EMA teacher θ⁻ (nil: iCT's stop-gradient teacher, θ⁻ = sg(θ)).
    private let emaTeacher: WeightEMA?
    private let emaNet: MLP?
    /// The EMA of θ that samples (nil: θ itself).
    private let sampleAverage: (average: WeightEMA, net: MLP)?
    private let teacherWS: MLPWorkspace
    private let sampling: MLPWorkspace
    private var grid: (n: Int, sigmas: [Float], cumulative: [Double]) = (0, [], [])
    private let huberC: Float
    private let pMean: Float
    private var xs: [SIMD2<Float>] = [], zs: [SIMD2<Float>] = [], index: [Int] = []
    /// iCT's dropout on the hidden activations while training (nil: none).
    private let dropout: DropoutMasks?

    public init(settings: CoreSettings, config: OneStepConfig) {
        self.settings = settings
        self.config = config
        let sd = dataScale(settings)
        scalings = ConsistencyScalings(sigmaData: sd, sigmaMin: config.sigmaMin)
        huberC = 0.00054 * Float(2).squareRoot() * sd / 0.5
        pMean = config.pMean + logf(sd / 0.5)
        var initRNG = RNG(seed: settings.seed, stream: 2)
        let shape = MLPShape(input: 3, hidden: settings.net.hidden, output: 2, activation: settings.net.activation)
        net = MLP(shape, rng: &initRNG)
        if config.teacherEMA > 0 {
            var r = RNG(seed: 0)
            let shadow = MLP(shape, rng: &r)
            emaNet = shadow
            emaTeacher = WeightEMA(source: net, shadow: shadow, decay: config.teacherEMA)
        } else {
            emaNet = nil
            emaTeacher = nil
        }
        if config.sampleEMA > 0 {
            var r = RNG(seed: 0)
            let shadow = MLP(shape, rng: &r)
            sampleAverage = (WeightEMA(source: net, shadow: shadow, decay: config.sampleEMA), shadow)
        } else {
            sampleAverage = nil
        }
        teacherWS = MLPWorkspace(shape: shape)
        sampling = MLPWorkspace(shape: shape)
        dropout = config.dropout > 0 ? DropoutMasks(rate: config.dropout) : nil
    }

    public var name: String { "consistency" }
    public var groups: [ParameterGroup] { [ParameterGroup(name: "consistency", parameters: net.parameters, config: settings.optimizer)] }
    public var extraMetricNames: [String] { ["N"] }
    public var isFinite: Bool { net.allFinite && (sampleAverage?.net.allFinite ?? true) }
    public var allParameters: [Parameter] { net.parameters + (emaNet?.parameters ?? []) + (sampleAverage?.net.parameters ?? []) }

    /// Writes the input row [c_in·x, c_in·y, c_noise(σ)].
    @inline(__always)
    private func fill(_ input: inout Matrix, row i: Int, _ x: SIMD2<Float>, sigma s: Float) {
        let c = scalings.cIn(s)
        input[i, 0] = c * x.x
        input[i, 1] = c * x.y
        input[i, 2] = scalings.cNoise(s)
    }

    /// f(x, σ) from a forward pass's output row.
    @inline(__always)
    private func denoised(_ ws: MLPWorkspace, row i: Int, _ x: SIMD2<Float>, sigma s: Float) -> SIMD2<Float> {
        scalings.cSkip(s) * x + scalings.cOut(s) * SIMD2(ws.output[i, 0], ws.output[i, 1])
    }

    /// f(x, σ) on a batch at one σ (sampling, tests), with the sampling weights (the EMA when kept).
    public func consistencyFunction(_ x: [Float], sigma s: Float) -> [Float] {
        let n = x.count / 2
        sampling.prepare(batch: n)
        for i in 0..<n { fill(&sampling.input, row: i, SIMD2(x[2 * i], x[2 * i + 1]), sigma: s) }
        (sampleAverage?.net ?? net).forward(sampling)
        var out = x
        for i in 0..<n {
            let f = denoised(sampling, row: i, SIMD2(x[2 * i], x[2 * i + 1]), sigma: s)
            out[2 * i] = f.x
            out[2 * i + 1] = f.y
        }
        return out
    }

    /// Multistep consistency sampling (Song et al. 2023, Alg. 1) on the Karras grid of `steps` + 1 levels:
    /// x = f(σ_max·z, σ_max), then x ← f(x + √(σ² − σ_min²)·z′, σ) for the next levels; z′ from a fixed stream.
    public func generate(noise: [Float], steps: Int) -> [Float] {
        let levels = Array(karrasSigmas(count: steps + 1, sigmaMin: config.sigmaMin, sigmaMax: config.sigmaMax, rho: config.rho).reversed())
        var x = noise.map { $0 * config.sigmaMax }
        x = consistencyFunction(x, sigma: config.sigmaMax)
        var r = RNG(seed: settings.seed, stream: 9)
        for k in 1..<steps {
            let s = levels[k]
            let scale = (s * s - config.sigmaMin * config.sigmaMin).squareRoot()
            for j in x.indices { x[j] += scale * r.normalFloat() }
            x = consistencyFunction(x, sigma: s)
        }
        return x
    }

    /// The grid and pair proposal for the curriculum stage of `step`, rebuilt only when N(k) changes.
    private func currentGrid(step: Int, total: Int) -> (sigmas: [Float], cumulative: [Double]) {
        let n = ictDiscretisation(step: step, totalSteps: total, s0: config.s0, s1: config.s1)
        if n != grid.n {
            let sigmas = karrasSigmas(count: n, sigmaMin: config.sigmaMin, sigmaMax: config.sigmaMax, rho: config.rho)
            var acc = 0.0
            let cumulative = lognormalPairProbabilities(sigmas, pMean: pMean, pStd: config.pStd).map { acc += $0; return acc }
            grid = (n, sigmas, cumulative)
        }
        return (grid.sigmas, grid.cumulative)
    }

    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        let b = ctx.batch
        let (sigmas, cumulative) = currentGrid(step: ctx.step, total: ctx.totalSteps)
        let ws = net.workspace
        ws.prepare(batch: b)
        teacherWS.prepare(batch: b)
        if xs.count != b {
            xs = [SIMD2<Float>](repeating: .zero, count: b)
            zs = xs
            index = [Int](repeating: 0, count: b)
        }
        for r in 0..<b {
            xs[r] = ctx.data.next()
            zs[r] = SIMD2(ctx.rng.normalFloat(), ctx.rng.normalFloat())
            let u = ctx.rng.uniform()
            var i = 0
            while i < cumulative.count - 1 && cumulative[i] < u { i += 1 }
            index[r] = i
            fill(&teacherWS.input, row: r, xs[r] + sigmas[i] * zs[r], sigma: sigmas[i])
            fill(&ws.input, row: r, xs[r] + sigmas[i + 1] * zs[r], sigma: sigmas[i + 1])
        }
        if let d = dropout {
            d.draw(rows: b, for: net, rng: &ctx.rng)
            (emaNet ?? net).forward(teacherWS, dropout: d)
            net.forward(ws, dropout: d)
        } else {
            (emaNet ?? net).forward(teacherWS)
            net.forward(ws)
        }
        var loss: Float = 0
        for r in 0..<b {
            let lo = sigmas[index[r]], hi = sigmas[index[r] + 1]
            let target = denoised(teacherWS, row: r, xs[r] + lo * zs[r], sigma: lo)
            let f = denoised(ws, row: r, xs[r] + hi * zs[r], sigma: hi)
            let weight = 1 / (hi - lo) / Float(b)
            let h = pseudoHuber(f, target, c: huberC)
            loss += weight * h.value
            let g = weight * scalings.cOut(hi) * h.grad
            ws.outputGrad[r, 0] = g.x
            ws.outputGrad[r, 1] = g.y
        }
        if let d = dropout { net.backward(ws, dropout: d) } else { net.backward(ws) }
        ctx.update("consistency")
        emaTeacher?.update()
        sampleAverage?.average.update()
        return MethodStep(loss: loss, extra: [Float(sigmas.count)])
    }

    /// One- and multistep consistency sampling on 1 to 128 levels (Algorithm 1 allows any number).
    public var samplers: [Sampler] { [fewStepSampler(name, supported: oneStepCurveSteps) { self.generate(noise: $0, steps: $1) }] }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { ConsistencyMethod(settings: s, config: config) }
}
