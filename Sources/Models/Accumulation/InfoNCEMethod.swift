/// The contrastive experiment's own settings.
public struct ContrastiveConfig: Sendable, Equatable {
    /// Embedding dimension (2: the unit circle the picture draws).
    public var dim = 2
    public var tau: Float = 0.2
    /// σ of the two views x + σ·N(0, I) of each point.
    public var viewNoise: Float = 0.3
    /// Held-out pairs for alignment and uniformity.
    public var evalPairs = 1024
    /// Micro-batch counts of the gradient check (those that divide the batch).
    public var checkCounts = [2, 4, 8, 16, 32, 64]
    public init() {}
}

/// InfoNCE on 2D points with two noisy views each, answering the post's question live: two encoders from one
/// initialisation see the same batches; "exact" is trained by GradCache (the full batch's gradient, a micro-batch at a
/// time), "naive" by plain accumulation (InfoNCE within each micro-batch). With `accumulate: k` the core runs k
/// micro-batches per step; at k = 1 the two are the same run. Evaluations measure the representations (alignment,
/// uniformity) and how far naive accumulation's gradient is from the full batch's, against k, at initialisation and now.
public final class InfoNCEMethod: GenerativeMethod {
    public let settings: CoreSettings
    public let config: ContrastiveConfig
    public let exact: ContrastiveEncoder
    public let naive: ContrastiveEncoder
    public let name = "InfoNCE"
    private var pairs = ViewPairs(count: 0)
    /// Fixed held-out pairs (alignment, uniformity, the picture) and a fixed batch for the gradient check.
    public let heldOut: ViewPairs
    public let checkBatch: ViewPairs
    /// The gradient check at initialisation (both encoders start there), by name.
    public let atInit: [(String, Double)]
    private var exactLoss: Float = 0
    private var naiveLossSum: Float = 0

    public init(settings: CoreSettings, config: ContrastiveConfig) {
        self.settings = settings
        self.config = config
        let make = { () -> ContrastiveEncoder in
            var rng = RNG(seed: settings.seed, stream: 2)
            return ContrastiveEncoder(hidden: settings.net.hidden, dim: config.dim, activation: settings.net.activation, tau: config.tau, rng: &rng)
        }
        exact = make()
        naive = make()
        var data = DataStream(dataset: settings.dataset, seed: settings.seed ^ 0xE7A1)
        var rng = RNG(seed: settings.seed, stream: 0xE7A1)
        var h = ViewPairs(count: 0), c = ViewPairs(count: 0)
        h.draw(count: config.evalPairs, noise: config.viewNoise, data: &data, rng: &rng)
        c.draw(count: settings.batch, noise: config.viewNoise, data: &data, rng: &rng)
        heldOut = h
        checkBatch = c
        atInit = Self.gradientCheck(exact, c, counts: config.checkCounts).map { ("init_" + $0.0, $0.1) }
    }

    public var groups: [ParameterGroup] {
        [ParameterGroup(name: "exact", parameters: exact.parameters, config: settings.optimizer),
         ParameterGroup(name: "naive", parameters: naive.parameters, config: settings.optimizer)]
    }
    public var samplers: [Sampler] { [] }
    public var isFinite: Bool { exact.allFinite && naive.allFinite }
    public var extraMetricNames: [String] { ["naive_loss"] }

    /// Micro-batch i of k: at i = 0 the whole batch of k·m pairs is drawn and GradCache embeds it; then each encoder
    /// takes its gradient of micro-batch i. The core averages the k gradients, so the cached ∂L/∂e is scaled by k.
    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        let (i, k) = ctx.microBatch
        let m = ctx.batch
        if i == 0 {
            pairs.draw(count: m * k, noise: config.viewNoise, data: &ctx.data, rng: &ctx.rng)
            exactLoss = exact.buildCache(pairs, chunk: m)
            naiveLossSum = 0
        }
        let range = (i * m)..<((i + 1) * m)
        exact.backpropagateCached(pairs, range, scale: Float(k))
        ctx.update("exact")
        naiveLossSum += naive.chunkLossAndGradient(pairs, range)
        ctx.update("naive")
        return MethodStep(loss: exactLoss, extra: [naiveLossSum / Float(i + 1)])
    }

    /// Naive accumulation against the full batch (relative error and cosine), and GradCache's error, per k.
    static func gradientCheck(_ encoder: ContrastiveEncoder, _ batch: ViewPairs, counts: [Int]) -> [(String, Double)] {
        let full = encoder.gradient(batch, .full).grad
        var out: [(String, Double)] = []
        for k in counts where batch.count % k == 0 {
            let g = encoder.gradient(batch, .naive(k)).grad
            out.append(("naive_grad_relerr_\(k)", relativeError(g, to: full)))
            out.append(("naive_grad_cosine_\(k)", cosine(g, full)))
            out.append(("exact_grad_relerr_\(k)", relativeError(encoder.gradient(batch, .exact(k)).grad, to: full)))
        }
        return out
    }

    public var extraEvaluationNames: [String] {
        ["exact_align", "exact_uniform", "naive_align", "naive_uniform", "exact_infonce", "naive_infonce"]
            + config.checkCounts.filter { settings.batch % $0 == 0 }.flatMap { k in
                ["naive_grad_relerr_\(k)", "naive_grad_cosine_\(k)", "exact_grad_relerr_\(k)"]
            }
            + atInit.map(\.0)
    }

    /// Representations of both encoders on held-out pairs, their full-batch InfoNCE on the check batch, and the
    /// gradient check at the exact encoder's weights (the true objective's trained parameters).
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        var out: [(String, Double)] = []
        for (label, enc) in [("exact", exact), ("naive", naive)] {
            let e = enc.embed(heldOut, 0..<heldOut.count)
            let n = heldOut.count, d = enc.dim
            let a = Matrix(rows: n, cols: d, data: Array(e.data[0..<(n * d)]))
            let b = Matrix(rows: n, cols: d, data: Array(e.data[(n * d)...]))
            out.append(("\(label)_align", AlignmentUniformity.alignment(a, b)))
            out.append(("\(label)_uniform", AlignmentUniformity.uniformity(a)))
        }
        out.append(("exact_infonce", exact.gradient(checkBatch, .full).loss))
        out.append(("naive_infonce", naive.gradient(checkBatch, .full).loss))
        return out + Self.gradientCheck(exact, checkBatch, counts: config.checkCounts) + atInit
    }

    /// The live picture: both encoders' embeddings of the held-out views 1, coloured by the source point's octant.
    public func decorate(_ snapshot: inout Snapshot) {
        let n = min(heldOut.count, 600)
        snapshot.pointSets = [("exact", exact), ("naive", naive)].map { label, enc in
            NamedPoints(name: label, points: Array(enc.embed(heldOut, 0..<n).data[0..<(n * enc.dim)]).embeddingPlane(dim: enc.dim))
        }
        snapshot.sampleGroups = Array(heldOut.octant[0..<n])
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { InfoNCEMethod(settings: s, config: config) }
}

extension Array where Element == Float {
    /// The first two coordinates of each of the flat `dim`-vectors (the picture's plane).
    func embeddingPlane(dim: Int) -> [Float] {
        guard dim != 2 else { return self }
        return stride(from: 0, to: count, by: dim).flatMap { [self[$0], dim > 1 ? self[$0 + 1] : 0] }
    }
}

/// The InfoNCE settings, each bound to its preset key once.
extension ContrastiveConfig: PresetSettings {
    public static let settings: [Setting<ContrastiveConfig>] = [
        .int("embed_dim", \.dim, 1...64, "embedding dimension (2: the unit circle)"),
        .number("tau", \.tau, 1e-3...10, "InfoNCE temperature τ"),
        .number("view_noise", \.viewNoise, 0...10, "σ of the two noisy views of each point"),
        .int("eval_pairs", \.evalPairs, 16...100_000, "held-out pairs for alignment and uniformity"),
    ]

    public init(preset p: Preset) { self.init(reading: p) }
}
