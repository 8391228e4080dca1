/// What a method sees during a step: the batch size, the data stream, its own noise RNG, and the
/// optimizers of its parameter groups. One context lives as long as the experiment (no per-step allocation).
public final class MethodContext {
    /// Rows per batch (the user's `[`/`]` change it between steps).
    public internal(set) var batch: Int
    /// The step about to be taken (0-based) and the steps already taken in the current phase.
    public internal(set) var step = 0
    public internal(set) var phaseStep = 0
    /// The preset's total steps (curricula such as iCT's N(k) need it).
    public let totalSteps: Int
    /// Training data, one point at a time, from its own seeded stream.
    public var data: DataStream
    /// The method's own randomness (noise, times, pair indices), from a separate stream.
    public var rng: RNG
    let optimizers: GroupOptimizers
    var report: ((String?) -> Void)?

    init(settings: CoreSettings, optimizers: GroupOptimizers) {
        batch = settings.batch
        totalSteps = settings.totalSteps
        data = DataStream(dataset: settings.dataset, seed: settings.seed)
        rng = RNG(seed: settings.seed, stream: 6)
        self.optimizers = optimizers
    }

    /// One optimizer step of the group `name` on the gradients now in its parameters; `lrScale` multiplies every
    /// LR of the step (a method's own schedule, e.g. TARFLOW's cosine decay), leaving the user's LR settings alone.
    public func update(_ name: String, lrScale: Float = 1) { optimizers.step(name, lrScale: lrScale) }

    /// Tells the UI what a long operation inside this step is doing (nil: done).
    public func progress(_ text: String?) { report?(text) }

    /// A batch of training points as a flat [x0, y0, …] array (for methods that need them all at once).
    public func drawData(count n: Int, into out: inout [SIMD2<Float>]) {
        if out.count != n { out = [SIMD2<Float>](repeating: .zero, count: n) }
        for i in 0..<n { out[i] = data.next() }
    }
}
