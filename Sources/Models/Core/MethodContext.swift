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
    /// True in the evaluator's copy, which never trains: a phase skips training-only work (drawing pair couplings).
    public internal(set) var evaluatesOnly = false
    /// Gradient accumulation: which micro-batch of how many this call of `trainStep` is.
    public internal(set) var microBatch = (index: 0, count: 1)
    /// Summed gradients per group while micro-batches accumulate.
    private var accumulated: [String: [Matrix]] = [:]

    init(settings: CoreSettings, optimizers: GroupOptimizers) {
        batch = settings.batch
        totalSteps = settings.totalSteps
        data = DataStream(dataset: settings.dataset, seed: settings.seed)
        rng = RNG(seed: settings.seed, stream: 6)
        self.optimizers = optimizers
    }

    /// One optimizer step of the group `name` on the gradients now in its parameters; while micro-batches
    /// accumulate, the gradients are summed instead and the step is taken on their mean after the last one.
    /// `lrScale` multiplies every LR of the step (a method's own schedule, e.g. TARFLOW's cosine decay), leaving the
    /// user's LR settings alone.
    public func update(_ name: String, lrScale: Float = 1) {
        guard microBatch.count > 1 else { return optimizers.step(name, lrScale: lrScale) }
        guard let group = optimizers.groups.first(where: { $0.name == name }) else { preconditionFailure("no parameter group '\(name)'") }
        var sums = accumulated.removeValue(forKey: name) ?? []
        if sums.count != group.parameters.count || zip(sums, group.parameters).contains(where: { $0.count != $1.count }) {
            sums = group.parameters.map { Matrix(rows: $0.grad.rows, cols: $0.grad.cols) }
        } else if microBatch.index == 0 {
            for i in sums.indices { sums[i].fill(0) }
        }
        for (i, p) in group.parameters.enumerated() { sums[i].add(p.grad) }
        if microBatch.index == microBatch.count - 1 {
            let scale = 1 / Float(microBatch.count)
            for (i, p) in group.parameters.enumerated() { p.grad.setScaled(sums[i], scale) }
            optimizers.step(name, lrScale: lrScale)
        }
        accumulated[name] = sums
    }

    /// Tells the UI what a long operation inside this step is doing (nil: done).
    public func progress(_ text: String?) { report?(text) }

    /// A batch of training points as a flat [x0, y0, …] array (for methods that need them all at once).
    public func drawData(count n: Int, into out: inout [SIMD2<Float>]) {
        if out.count != n { out = [SIMD2<Float>](repeating: .zero, count: n) }
        for i in 0..<n { out[i] = data.next() }
    }
}
