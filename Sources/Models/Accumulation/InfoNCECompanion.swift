/// InfoNCE beside the separable flow loss, for `accumulate`'s contrast: an encoder trained on the full batch's InfoNCE
/// (the infonce preset's: 2 → 128 → 128 → 8 silu, τ 0.2, views ± 0.3·N, Adam 1e-3, batch 512), one of its steps for every
/// three of the flow's, up to 1000 (naive accumulation's error has reached the trained level there: 0.06–0.34 over
/// k = 2…16, seed 0), caught up at each complete evaluation (quick ones skip it: the kl chart never waits). Its gradient check on a fixed batch reads GradCache's exact
/// accumulation at float rounding and naive accumulation (each micro-batch its own negatives) as a different gradient.
/// Its state is a function of its step count alone, so a rebuilt copy retrained to the same step measures the same.
final class InfoNCECompanion {
    static let batch = 512, counts = [2, 4, 8, 16], maxSteps = 1000
    let encoder: ContrastiveEncoder
    private let adam: Adam
    private let config = ContrastiveConfig.companion
    private var data: DataStream
    private var rng: RNG
    private var pairs = ViewPairs(count: 0)
    private let checkBatch: ViewPairs
    /// InfoNCE steps taken.
    private(set) var step = 0

    init(dataset: Dataset, seed: UInt64) {
        var weights = RNG(seed: seed, stream: 0x1CE)
        encoder = ContrastiveEncoder(hidden: [128, 128], dim: config.dim, activation: .silu, tau: config.tau, rng: &weights)
        var o = OptimizerConfig()
        o.kind = .adam
        o.lr = 1e-3
        adam = Adam(config: o)
        data = DataStream(dataset: dataset, seed: seed ^ 0x1CE)
        rng = RNG(seed: seed, stream: 0x1CF)
        var check = ViewPairs(count: 0)
        check.draw(count: Self.batch, noise: config.viewNoise, data: &data, rng: &rng)
        checkBatch = check
    }

    /// The companion's step for the flow's `flowStep`: one for every three, at most `maxSteps`.
    static func steps(atFlowStep flowStep: Int) -> Int { min(maxSteps, flowStep / 3) }

    /// Trains to the flow's `flowStep`: every copy, fresh or refreshed, in place or aside, measures the same there.
    func catchUp(flowStep: Int) { train(to: Self.steps(atFlowStep: flowStep)) }

    /// Trains on fresh batches (the full batch's gradient) until `target` steps are taken.
    func train(to target: Int) {
        while step < target {
            pairs.draw(count: Self.batch, noise: config.viewNoise, data: &data, rng: &rng)
            _ = encoder.chunkLossAndGradient(pairs, 0..<Self.batch)
            adam.step(encoder.parameters, lrScale: 1)
            step += 1
        }
    }

    /// The relative error against the full batch's gradient of GradCache's and of naive accumulation, per k, and the step.
    func check() -> [(String, Double)] {
        let full = encoder.gradient(checkBatch, .full).grad
        return [("infonce_step", Double(step))] + Self.counts.flatMap { k in
            [("infonce_exact_relerr_\(k)", relativeError(encoder.gradient(checkBatch, .exact(k)).grad, to: full)),
             ("infonce_naive_relerr_\(k)", relativeError(encoder.gradient(checkBatch, .naive(k)).grad, to: full))]
        }
    }

    static var names: [String] { ["infonce_step"] + counts.flatMap { ["infonce_exact_relerr_\($0)", "infonce_naive_relerr_\($0)"] } }
}

extension ContrastiveConfig {
    /// The infonce preset's encoder settings (8-D embeddings, τ 0.2, views ± 0.3).
    static var companion: ContrastiveConfig {
        var c = ContrastiveConfig()
        c.dim = 8
        return c
    }
}
