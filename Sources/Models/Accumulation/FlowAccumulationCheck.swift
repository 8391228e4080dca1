/// Rectified flow with a check of gradient accumulation beside it: the flow-matching loss is a mean over rows
/// (separable), so k micro-batches of B/k rows, their gradients averaged, must give one batch's gradient up to float
/// rounding. Trains exactly as ReFlow does (with the preset's `accumulate`); evaluations add the relative error of the
/// accumulated gradient against the full batch's on a fixed batch, per k, and the same check for InfoNCE (not separable)
/// on an encoder trained beside it (`InfoNCECompanion`): the contrast the preset is about.
public final class FlowAccumulationCheck: GenerativeMethod {
    public let base: ReFlowMethod
    private var flowMatching = FlowMatching()
    public static let counts = [2, 4, 8, 16]
    /// Flow steps taken (the evaluator's copy takes the live count): where the InfoNCE companion's training stands.
    private var flowSteps = 0
    private lazy var companion = InfoNCECompanion(dataset: base.settings.dataset, seed: base.settings.seed)

    public init(_ base: ReFlowMethod) { self.base = base }

    public var name: String { base.name }
    public var groups: [ParameterGroup] { base.groups }
    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        if ctx.microBatch.index == ctx.microBatch.count - 1 { flowSteps = ctx.step + 1 }
        return base.trainStep(ctx)
    }

    public func didLoadWeights(from source: GenerativeMethod) {
        let live = source as? FlowAccumulationCheck
        base.didLoadWeights(from: live?.base ?? source)
        flowSteps = live?.flowSteps ?? flowSteps
    }

    public var samplers: [Sampler] { base.samplers }
    public var validationField: (field: TimedVelocityField, prefix: String)? { base.validationField }
    public var isFinite: Bool { base.isFinite }
    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { FlowAccumulationCheck(ReFlowMethod(settings: s, group: base.groupName, name: base.name)) }

    private var checkCounts: [Int] {
        let b = base.settings.batch
        return (Self.counts + [base.settings.accumulate]).filter { $0 > 1 && b % $0 == 0 }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }

    public var extraEvaluationNames: [String] {
        base.extraEvaluationNames + checkCounts.map { "accum_grad_relerr_\($0)" } + InfoNCECompanion.names
    }

    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        let full = gradient(microBatches: 1)
        let flow = checkCounts.map { ("accum_grad_relerr_\($0)", relativeError(gradient(microBatches: $0), to: full)) }
        companion.catchUp(flowStep: flowSteps)
        return base.extraEvaluation(noise: noise) + flow + companion.check()
    }

    /// The mean of k micro-batch gradients over one fixed batch of `batch` rows (the same rows for every k).
    func gradient(microBatches k: Int) -> [Double] {
        let s = base.settings
        var rng = RNG(seed: s.seed, stream: 0xACC)
        var data = DataStream(dataset: s.dataset, seed: s.seed ^ 0xACC)
        let params = base.net.parameters
        var sum = [Double](repeating: 0, count: params.reduce(0) { $0 + $1.count })
        for _ in 0..<k {
            _ = flowMatching.lossAndGradient(base.net, rows: s.batch / k, rng: &rng) { _, r in (data.next(), SIMD2(r.normalFloat(), r.normalFloat())) }
            var j = 0
            for p in params {
                for v in p.grad.data {
                    sum[j] += Double(v) / Double(k)
                    j += 1
                }
            }
        }
        return sum
    }
}
