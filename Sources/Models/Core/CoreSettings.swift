/// The shape of a 2D flow-style net: hidden widths, nonlinearity, and how time enters.
public struct NetShape: Sendable, Equatable {
    public var hidden: [Int] = [128, 128]
    public var activation: Activation = .silu
    public var time: TimeEncoding = .raw
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

extension CoreSettings {
    /// The core's settings of a preset (keys its experiment lacks keep their defaults).
    public init(preset p: Preset) {
        self.init()
        let keys = Set(p.experiment.schema.map(\.name))
        let has = { (k: String) in keys.contains(k) }
        if has("dataset") { dataset = p.choice("dataset", as: Dataset.self) }
        if has("hidden") { net.hidden = p.intList("hidden") }
        if has("activation") { net.activation = p.choice("activation", as: Activation.self) }
        if has("time") {
            let k = p.int("fourier_count")
            net.time = ["fourier": .fourier(count: k), "sinusoidal": .sinusoidal(count: k)][p.text("time")] ?? .raw
        }
        optimizer = OptimizerConfig(preset: p, keys: keys)
        if has("batch") { batch = p.int("batch") }
        seed = p.seed
        totalSteps = p.steps
        if has("sampler") { sampler = p.choice("sampler", as: SamplerMethod.self) }
        if has("sampler_steps") { samplerSteps = p.int("sampler_steps") }
        if has("eval_steps") { evalSteps = p.int("eval_steps") }
        if has("eval_samples") { evalSamples = p.int("eval_samples") }
        if has("validation_size") { validationSize = p.int("validation_size") }
        if has("ema") { lossEMADecay = Float(p.number("ema")) }
        if has("snapshot_points") { snapshotPoints = p.int("snapshot_points") }
        if has("weight_ema_start") { weightEMAStart = p.choice("weight_ema_start", as: WeightEMAStart.self) }
        if has("weight_ema"), p.number("weight_ema") > 0 {
            weightEMA = WeightEMASettings(decay: Float(p.number("weight_ema")), start: p.choice("weight_ema_start", as: WeightEMAStart.self))
        }
        if has("sample_from") { sampleFromEMA = p.text("sample_from") == "ema" && weightEMA != nil }
        if has("accumulate") { accumulate = p.int("accumulate") }
    }
}
