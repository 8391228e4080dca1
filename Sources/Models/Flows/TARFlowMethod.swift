/// TARFLOW on the experiment core: maximum likelihood on (optionally noise-augmented) 2D data, samples by inverting
/// the flow, and the score-based denoising step after sampling. The exact log-likelihood makes "how many nats from
/// the truth" a live number: test NLL on clean held-out points beside H(p_data).
public final class TARFlowMethod: GenerativeMethod {
    public let settings: CoreSettings
    public private(set) var config: TARFlowConfig
    public let flow: TARFlow
    /// Clean held-out points of the test NLL, from their own stream.
    public let testSet: [Float]
    private var workspace: FlowWorkspace?
    /// Steps taken, and the last inverted noise with its samples: an evaluation inverts its noise once for the raw,
    /// denoised and exact-denoised samplers and the score error.
    private var version = 0
    private var cache: (version: Int, noise: [Float], samples: [Float])?

    public init(settings: CoreSettings, config: TARFlowConfig) {
        self.settings = settings
        self.config = config
        var initRNG = RNG(seed: settings.seed, stream: 2)
        flow = TARFlow(blocks: config.blocks, channels: config.channels, layers: config.layers, expansion: config.expansion, rng: &initRNG)
        var testRNG = RNG(seed: settings.seed, stream: Self.testStream)
        testSet = settings.dataset.sample(count: config.testSize, rng: &testRNG)
    }

    /// RNG stream of the test set ("FLOWTEST" in ASCII), apart from the core's streams.
    static let testStream: UInt64 = 0x464C_4F57_5445_5354

    public var name: String { "TARFLOW" }
    public var groups: [ParameterGroup] { [ParameterGroup(name: "flow", parameters: flow.parameters, config: settings.optimizer)] }
    public var isFinite: Bool { flow.allFinite }
    /// New weights make the cached inversion stale.
    public func didLoadWeights(from source: GenerativeMethod) { version += 1 }

    /// One maximum-likelihood step on x + σε: the batch's mean NLL per point (nats) and its exact gradient.
    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        let n = ctx.batch
        if workspace?.batch != n { workspace = flow.workspace(batch: n) }
        let ws = workspace!
        let sigma = config.sigma
        for r in 0..<n {
            var p = ctx.data.next()
            if sigma > 0 { p += sigma * SIMD2(ctx.rng.normalFloat(), ctx.rng.normalFloat()) }
            ws.input[2 * r] = p.x
            ws.input[2 * r + 1] = p.y
        }
        flow.forward(ws)
        var loss: Float = 0
        for r in 0..<n { loss += flow.negativeLogLikelihood(ws, row: r) }
        flow.backward(ws, weight: 1 / Float(n), parameterGrads: true)
        let scale = config.schedule.scale(step: ctx.step, warmup: config.warmup, total: ctx.totalSteps)
        ctx.update("flow", lrScale: scale)
        version += 1
        return MethodStep(loss: loss / Float(n), extra: [scale])
    }

    public var extraMetricNames: [String] { ["lr_scale"] }

    /// The flow's inverse (paths: the points after every block), and the same samples after the denoising step.
    public var samplers: [Sampler] {
        let flow = flow, sigma = config.sigma, blocks = config.blocks
        let own = Sampler(name: name, prefix: "", evalSteps: [1], plainNames: true, maxSteps: 1, hasPaths: true) { noise, _, paths in
            guard paths else { return SampleRun(final: self.samples(noise)) }
            let r = flow.sample(noise, frames: true)
            // Frame k has passed k of the inverse blocks: t runs from 1 (noise) to 0 (data), the lab's convention.
            let times = (0...blocks).map { 1 - Float($0) / Float(blocks) }
            return SampleRun(final: r.final, trajectories: Trajectories(frames: r.frames, times: times))
        }
        let denoised = Sampler(name: "denoised", prefix: "denoised_", evalSteps: [1], plainNames: true, maxSteps: 1) { noise, _, _ in
            SampleRun(final: flow.denoise(self.samples(noise), sigma: sigma))
        }
        guard let exact = exactDenoising else { return [own, denoised] }
        // The same step with the data's exact noisy score: what denoising gives when the score is right.
        let exactDenoised = Sampler(name: "exact-denoised", prefix: "exact_denoised_", evalSteps: [1], plainNames: true, maxSteps: 1) { noise, _, _ in
            SampleRun(final: exact.denoise(self.samples(noise)))
        }
        return [own, denoised, exactDenoised]
    }

    /// The flow's samples from `noise`, inverted once per noise and step.
    private func samples(_ noise: [Float]) -> [Float] {
        if let c = cache, c.version == version, c.noise == noise { return c.samples }
        let x = flow.sample(noise).final
        cache = (version, noise, x)
        return x
    }

    /// Tweedie's step with the exact score of the noisy data, where the data is a Gaussian mixture.
    private var exactDenoising: ExactDenoising? {
        settings.dataset.mixture.map { ExactDenoising(mixture: $0, sigma: config.sigma) }
    }

    public var extraEvaluationNames: [String] {
        FlowLikelihood.names(hasDensity: settings.dataset.entropy != nil) + (settings.dataset.mixture != nil ? ["score_error"] : [])
    }

    /// Test NLL per point on the clean held-out set, H(p_data), flow_kl = NLL − H with their standard errors, and
    /// (mixtures) the flow's relative score error on its own samples, which decides whether its denoising step helps.
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        var out = likelihood().values
        if let exact = exactDenoising {
            let x = samples(noise)
            out.append(("score_error", exact.relativeScoreError(points: x, modelScore: flow.logDensityGradient(x))))
        }
        return out
    }

    public func likelihood() -> FlowLikelihood {
        FlowLikelihood(negativeLogLikelihoods: flow.negativeLogLikelihoods(testSet), entropy: settings.dataset.entropy)
    }

    /// The latent picture (the live data pushed through the flow) and, when σ > 0, the live samples after denoising.
    public func decorate(_ snapshot: inout Snapshot) {
        snapshot.pointSets.append(NamedPoints(name: Self.latentName, points: flow.encode(snapshot.data)))
        if config.sigma > 0 {
            snapshot.pointSets.append(NamedPoints(name: Self.denoisedName, points: flow.denoise(snapshot.samples, sigma: config.sigma)))
        }
    }

    public static let latentName = "latent"
    public static let denoisedName = "denoised"

    /// `sigma`: the noise augmentation of the training data from now on (and the σ of the denoising step).
    public func setOption(_ key: String, _ value: String) throws -> String {
        guard key == "sigma" else { throw CommandError("tarflow has no option '\(key)' (sigma)") }
        guard let s = Float(value), s.isFinite, (0...1).contains(s) else { throw CommandError("sigma must be a number in 0…1, got '\(value)'") }
        config.sigma = s
        return "noise σ \(formatNumber(s))"
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { TARFlowMethod(settings: s, config: config) }
}
