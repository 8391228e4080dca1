/// A classifier of the 3-arm spirals on the experiment core (no samplers: its numbers are the full-data loss and
/// accuracy of `extraEvaluation`, which the core also reports for the weight EMA as ema_*). At Adam lr 2⁻⁵ and batch 32
/// its iterate is noisy, so an EMA of the weights ends well below the weights themselves.
public final class SpiralClassifierMethod: GenerativeMethod {
    public let settings: CoreSettings
    public let shape: SpiralClasses.Shape
    public let data: SpiralClasses
    public let net: MuMLP
    public let name = "classifier"
    private var labels: [Int32] = []

    public init(settings: CoreSettings, shape: SpiralClasses.Shape) {
        self.settings = settings
        self.shape = shape
        data = SpiralClasses(shape, seed: settings.seed)
        var rng = RNG(seed: settings.seed, stream: 2)
        net = MuMLP(hidden: settings.net.hidden, rules: MuPRules(.sp, width: 1, baseWidth: 1), rng: &rng)
    }

    public var groups: [ParameterGroup] { [ParameterGroup(name: "classifier", parameters: net.parameters, config: settings.optimizer)] }
    public var samplers: [Sampler] { [] }
    public var isFinite: Bool { net.allFinite }

    /// Cross-entropy on `ctx.batch` points drawn from the full data with the method's RNG (one index per row, so
    /// micro-batches draw what one batch would).
    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        net.prepare(batch: ctx.batch)
        data.fill(x: &net.input, labels: &labels, rng: &ctx.rng)
        net.forward()
        let loss = net.backward(labels: labels)
        ctx.update("classifier")
        return MethodStep(loss: loss)
    }

    public var extraEvaluationNames: [String] { ["full_loss", "accuracy"] }

    /// Cross-entropy and accuracy on every point of the data, the measure the EMA is judged by.
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        let r = net.evaluate(data)
        return [("full_loss", r.loss), ("accuracy", r.accuracy)]
    }

    /// The live picture: the data by class, and the points the weights in place misclassify.
    public func decorate(_ snapshot: inout Snapshot) {
        let predicted = net.predict(data.x)
        func points(_ keep: (Int) -> Bool) -> [Float] {
            data.labels.indices.filter(keep).flatMap { [data.x.data[2 * $0], data.x.data[2 * $0 + 1]] }
        }
        snapshot.pointSets = (0..<SpiralClasses.classes).map { k in NamedPoints(name: "arm \(k + 1)", points: points { data.labels[$0] == k }) }
            + [NamedPoints(name: "misclassified", points: points { predicted[$0] != Int(data.labels[$0]) })]
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { SpiralClassifierMethod(settings: s, shape: shape) }
}
