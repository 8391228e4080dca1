/// VQ autoencoders on the experiment core, one per gradient path, trained side by side on the same batches from the
/// same initial weights (each its own parameter group and optimizer), so STE, the rotation trick and SimVQ differ
/// only in how the gradient crosses the quantiser. An autoencoder draws no samples: its measures are its own
/// (utilisation, perplexity and MSE on held-out data) and its files are reconstructions.
public final class VQMethod: GenerativeMethod {
    public let settings: CoreSettings
    public let config: VQConfig
    public let models: [VQAutoencoder]
    /// Held-out points of the measures, from their own stream.
    public let testSet: [Float]
    private var batch: [Float] = []
    /// Each model's usage at the last evaluation (the live histogram between evaluations).
    private var lastUsage: [CodebookUsage?]

    public init(settings: CoreSettings, config: VQConfig) {
        self.settings = settings
        self.config = config
        // Every path starts from the same encoder, decoder and codebook (SimVQ: its frozen C) draws.
        models = config.paths.map { path in
            var rng = RNG(seed: settings.seed, stream: 2)
            return VQAutoencoder(path: path, config: config, hidden: settings.net.hidden, activation: settings.net.activation, rng: &rng)
        }
        var testRNG = RNG(seed: settings.seed, stream: Self.testStream)
        testSet = settings.dataset.sample(count: config.testSize, rng: &testRNG)
        lastUsage = models.map { _ in nil }
    }

    /// RNG stream of the held-out set ("VQTEST" in ASCII).
    static let testStream: UInt64 = 0x5651_5445_5354

    public var name: String {
        models.count == 1 ? "VQ \(models[0].path.label)" : "VQ " + models.map(\.path.label).joined(separator: " vs ")
    }

    /// Names are plain for one path and prefixed by the path ("simvq_perplexity") when several train together.
    public func prefix(_ path: GradientPath) -> String { models.count > 1 ? path.rawValue + "_" : "" }

    public var groups: [ParameterGroup] {
        models.map { ParameterGroup(name: $0.path.label, parameters: $0.parameters, config: settings.optimizer) }
    }

    public var isFinite: Bool { models.allSatisfy(\.allFinite) }
    /// The codes derive from the loaded basis (SimVQ: through its projection).
    public func didLoadWeights(from source: GenerativeMethod) { for m in models { m.codebook.refresh() } }
    public var extraMetricNames: [String] { models.count > 1 ? models.map { prefix($0.path) + "loss" } : [] }

    /// One step of every model on the same batch; the logged loss is their mean (each model's in the extras).
    public func trainStep(_ ctx: MethodContext) -> MethodStep {
        let n = ctx.batch
        if batch.count != 2 * n { batch = [Float](repeating: 0, count: 2 * n) }
        for r in 0..<n {
            let p = ctx.data.next()
            batch[2 * r] = p.x
            batch[2 * r + 1] = p.y
        }
        var losses: [Float] = []
        losses.reserveCapacity(models.count)
        for m in models {
            losses.append(m.lossAndGradient(batch).total)
            ctx.update(m.path.label)
            m.codebook.refresh()
        }
        return MethodStep(loss: losses.reduce(0, +) / Float(losses.count), extra: models.count > 1 ? losses : [])
    }

    public var samplers: [Sampler] { [] }

    public var extraEvaluationNames: [String] {
        models.flatMap { m in CodebookUsage.names.map { prefix(m.path) + $0 } }
    }

    /// Utilisation, perplexity and reconstruction MSE (with its standard error) of every model on the held-out set.
    public func extraEvaluation(noise: [Float]) -> [(String, Double)] {
        var out: [(String, Double)] = []
        for (i, m) in models.enumerated() {
            let u = usage(m)
            lastUsage[i] = u
            out += zip(CodebookUsage.names, u.values).map { (prefix(m.path) + $0, $1) }
        }
        return out
    }

    public func usage(_ m: VQAutoencoder) -> CodebookUsage {
        let q = m.quantise(testSet)
        return CodebookUsage(codes: q.codes, count: config.codes, points: testSet, reconstruction: q.reconstruction)
    }

    /// Per model: reconstructions of the live data, and for d = 2 its encodings and the codes (used and dead);
    /// the code counts of the last evaluation. The generic picture gets the first model's reconstructions.
    public func decorate(_ s: inout Snapshot) {
        for (i, m) in models.enumerated() {
            let label = m.path.label
            let q = m.quantise(s.data)
            if i == 0 { s.samples = q.reconstruction }
            s.pointSets.append(NamedPoints(name: VQPicture.reconstructions + label, points: q.reconstruction))
            let counts = lastUsage[i]?.counts ?? usage(m).counts
            s.vectors.append(NamedVector(name: VQPicture.usage + label, values: counts.map(Double.init)))
            guard m.dimension == 2 else { continue }
            s.pointSets.append(NamedPoints(name: VQPicture.latent + label, points: q.latent))
            var used: [Float] = [], dead: [Float] = []
            for k in 0..<config.codes {
                let code = [m.codebook.codes[k, 0], m.codebook.codes[k, 1]]
                if counts[k] > 0 { used += code } else { dead += code }
            }
            s.pointSets.append(NamedPoints(name: VQPicture.codes + label, points: used))
            s.pointSets.append(NamedPoints(name: VQPicture.deadCodes + label, points: dead))
        }
    }

    /// Per model: the held-out points with their code and reconstruction, and the codebook with each code's count.
    public func outputFiles() -> [(name: String, contents: String)] {
        models.flatMap { m -> [(name: String, contents: String)] in
            let q = m.quantise(testSet)
            let u = CodebookUsage(codes: q.codes, count: config.codes, points: testSet, reconstruction: q.reconstruction)
            var rec = "x,y,code,x_rec,y_rec\n"
            for i in 0..<(testSet.count / 2) {
                rec += [formatNumber(testSet[2 * i]), formatNumber(testSet[2 * i + 1]), String(q.codes[i]),
                        formatNumber(q.reconstruction[2 * i]), formatNumber(q.reconstruction[2 * i + 1])].joined(separator: ",") + "\n"
            }
            let d = m.dimension
            var book = "code,count," + (0..<d).map { "q\($0)" }.joined(separator: ",") + "\n"
            for k in 0..<config.codes {
                book += "\(k),\(u.counts[k])," + (0..<d).map { formatNumber(m.codebook.codes[k, $0]) }.joined(separator: ",") + "\n"
            }
            return [(prefix(m.path) + "reconstructions.csv", rec), (prefix(m.path) + "codebook.csv", book)]
        }
    }

    public func rebuilt(_ s: CoreSettings) -> GenerativeMethod { VQMethod(settings: s, config: config) }
}

/// Names of the VQ pictures in a snapshot, each followed by the path's label ("codes:SimVQ").
public enum VQPicture {
    public static let reconstructions = "reconstructions:"
    public static let latent = "latent:"
    public static let codes = "codes:"
    public static let deadCodes = "dead:"
    public static let usage = "usage:"
}
