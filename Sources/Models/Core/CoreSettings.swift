/// The shape of a 2D flow-style net: hidden widths, nonlinearity, and how time enters.
public struct NetShape: Sendable, Equatable {
    public var hidden: [Int] = [128, 128]
    public var activation: Activation = .silu
    public var time: TimeEncoding = .raw
    /// Random Fourier features of the position (`InputFeatures`): how many frequencies (0: none) and their scale.
    public var inputFeatures = 0
    public var inputFeatureScale: Float = 4
    public init() {}
}

/// Settings the experiment core owns for every generative method; every field maps to a preset key.
public struct CoreSettings: Sendable, Equatable {
    public var dataset: Dataset = .gaussians8
    public var net = NetShape()
    public var optimizer = OptimizerConfig()
    public var batch = 256
    public var seed: UInt64 = 0
    /// The preset's `steps`: a headless run's length, and the schedule of methods with a curriculum.
    public var totalSteps = 3000
    /// Steps of the live sampler (keys 1…7, 0) and the ODE solver of flow methods.
    public var samplerSteps = 32
    public var sampler: SamplerMethod = .euler
    /// Evaluation: `evalSamples` samples from fixed noise against as many fresh data points; flow samplers
    /// integrate with `evalSteps` steps.
    public var evalSamples = 2000
    public var evalSteps = 100
    public var validationSize = 4096
    /// Held-out points of the exact likelihood (`flow_kl`): the first of the reference's (no preset key; the
    /// evaluation's instruction guard takes fewer).
    public var likelihoodPoints = 1000
    public var lossEMADecay: Float = 0.99
    /// Live picture: this many samples, of which `snapshotPaths` keep their trajectories.
    public var snapshotPoints = 600
    public var snapshotPaths = 48
    /// An EMA of every group's weights, evaluated beside the raw weights (nil: none), and which of the two
    /// draws the live samples and the headline.
    public var weightEMA: WeightEMASettings?
    public var sampleFromEMA = false
    /// How a weight EMA starts when one is switched on (the preset's `weight_ema_start`, kept even while it is off).
    public var weightEMAStart: WeightEMAStart = .weights
    /// Gradient accumulation: each step runs this many micro-batches of `batch / accumulate` rows.
    public var accumulate = 1

    public init() {}
}

/// A weight EMA's decay and how it starts.
public struct WeightEMASettings: Sendable, Equatable {
    public var decay: Float
    public var start: WeightEMAStart
    public init(decay: Float, start: WeightEMAStart = .weights) {
        self.decay = decay
        self.start = start
    }
}

/// The keys every training family shares, declared once against the fields they set: training, optimizer and the 2D
/// flow nets. A family takes a group whole or picks keys by name (`CoreSettings.keys([...])`).
extension CoreSettings: PresetSettings {
    public static let settings: [Setting<CoreSettings>] = [
        .int("batch", \.batch, 1...65_536, "examples per step"),
        Setting(PresetKey("log_every", .int(1...1_000_000), default: .int(10), "steps between metrics.csv rows")) { _, _ in },
        Setting(PresetKey("eval_every", .int(0...1_000_000), default: .int(500), "steps between evaluations (0: only at the end)")) { _, _ in },
        .number("ema", \.lossEMADecay, 0...0.99999, "decay of the loss EMA"),
        Setting(PresetKey("weight_ema", .number(0...0.99999), default: .number(0),
                          "decay of an EMA of the weights, evaluated beside them as ema_* (0: off)")) { c, p in
            let d = Float(p.number("weight_ema"))
            c.weightEMA = d > 0 ? WeightEMASettings(decay: d, start: c.weightEMAStart) : nil
        },
        .choice("weight_ema_start", \.weightEMAStart, "how the weight EMA starts: from the weights, from zero, or from zero with the 1/(1 − dᵗ) correction"),
        Setting(PresetKey("sample_from", .choice(["raw", "ema"]), default: .text("raw"), "which weights draw the live samples and the headline")) { c, p in
            c.sampleFromEMA = p.text("sample_from") == "ema" && c.weightEMA != nil
        },
        .int("accumulate", \.accumulate, 1...1024, "gradient accumulation: micro-batches of batch/k per step"),
        .choice("optimizer", \.optimizer.kind, "optimizer at start"),
        .number("lr", \.optimizer.lr, 0...10, "learning rate (SGD, Adam, Moonlight; Muon's AdamW side)"),
        .number("muon_lr", \.optimizer.muonLR, 0...10, "Muon's learning rate for hidden matrices"),
        .number("momentum", \.optimizer.momentum, 0...0.9999, "SGD momentum"),
        .flag("nesterov", \.optimizer.nesterov, "SGD Nesterov momentum"),
        .number("beta1", \.optimizer.beta1, 0...0.9999, "Adam β1"),
        .number("beta2", \.optimizer.beta2, 0...0.999999, "Adam β2"),
        .number("eps", \.optimizer.eps, 1e-30...10, "Adam ε"),
        .number("weight_decay", \.optimizer.weightDecay, 0...10, "decoupled weight decay"),
        .number("muon_momentum", \.optimizer.muonMomentum, 0...0.9999, "Muon momentum β"),
        .int("ns_steps", \.optimizer.nsSteps, 1...20, "Newton–Schulz iterations"),
        .number("spectral_decay", \.optimizer.spectralDecay, 0...10, "spectral-norm weight decay λ on hidden matrices"),
        Setting(PresetKey("dataset", Dataset.presetChoices, default: .text("gaussians8"), "2D data distribution")) { c, p in
            c.dataset = p.choice("dataset", as: Dataset.self)
        },
        .intList("hidden", \.net.hidden, 1...4096, maxCount: 8, "hidden layer widths"),
        .choice("activation", \.net.activation, "nonlinearity"),
        Setting(PresetKey("time", .choice(["raw", "fourier", "sinusoidal"]), default: .text("raw"), "how t enters the net")) { c, p in
            let k = p.schema.contains { $0.name == "fourier_count" } ? p.int("fourier_count") : 8
            c.net.time = ["fourier": .fourier(count: k), "sinusoidal": .sinusoidal(count: k)][p.text("time")] ?? .raw
        },
        Setting(PresetKey("fourier_count", .int(1...32), default: .int(8), "frequencies when time = fourier or sinusoidal")) { _, _ in },
        .int("input_features", \.net.inputFeatures, 0...512, "random Fourier features of the position, sin and cos of each (0: none)"),
        .number("input_feature_scale", \.net.inputFeatureScale, 0.001...1000, "std of the position features' frequencies (on c_in·x)"),
        .choice("sampler", \.sampler, "ODE solver"),
        .int("sampler_steps", \.samplerSteps, 1...128, "steps of the live sampler"),
        .int("eval_steps", \.evalSteps, 1...1000, "sampler steps for evaluation and samples.csv"),
        .int("eval_samples", \.evalSamples, 100...100_000, "samples per evaluation"),
        .int("validation_size", \.validationSize, 16...1_000_000, "held-out (x_t, t) pairs for validation loss"),
        .int("snapshot_points", \.snapshotPoints, 16...100_000, "points of the live pictures"),
    ]

    /// Keys of every training run, of its optimizer, and of 2D flow nets.
    public static let training = keys(["batch", "log_every", "eval_every", "ema", "weight_ema", "weight_ema_start", "sample_from", "accumulate"])
    public static let optimizerKeys = keys(["optimizer", "lr", "muon_lr", "momentum", "nesterov", "beta1", "beta2", "eps", "weight_decay",
                                            "muon_momentum", "ns_steps", "spectral_decay"])
    /// Position features, for the methods whose nets are `FlowNet`s.
    public static let inputFeatureKeys = keys(["input_features", "input_feature_scale"])
    /// The live pictures' size, for families that draw more than the flow's default.
    public static let snapshot = keys(["snapshot_points"])
    public static let flow = keys(["dataset", "hidden", "activation", "time", "fourier_count", "sampler", "sampler_steps", "eval_steps",
                                   "eval_samples", "validation_size"])

    /// The core's settings of a preset (keys its experiment lacks keep their defaults), with its seed and length.
    public init(preset p: Preset) {
        self.init(reading: p)
        if let w = weightEMA { weightEMA = WeightEMASettings(decay: w.decay, start: weightEMAStart) }
        seed = p.seed
        totalSteps = p.steps
    }
}
