import Models

/// The panes a dashboard can show; Tab cycles focus through the visible ones.
enum PaneID: String, CaseIterable, Sendable {
    case loss, samples, stats
    /// Physics: the scene, the numbers, and (Kepler) the conservation-drift chart.
    case scene, readouts, drift
    /// The headline sample quality (kl) over training steps.
    case quality
    /// Mixture of experts: load per expert and MaxVio over time.
    case load, maxVio
    /// Learning rate × batch size: the loss heatmap and the optimum per batch.
    case heatmap, optimum
    /// One-step generation: quality against sampling steps, and 1-step samples per method.
    case stepsQuality, grid
    /// TARFLOW: test NLL vs entropy and flow_kl, samples (raw | denoised), the latent picture.
    case likelihood, flowSamples, latent
    /// VQ: perplexity, codes used and MSE per gradient path, code usage, the latent plane, reconstructions.
    case perplexity, utilisation, mse, usage, codePlane, reconstructions
}

/// The sweep dashboard's state: what is being swept, the cells so far, and the fits.
struct SweepView: Sendable {
    var preset: Preset
    var config: ScalingConfig
    var table: SweepTable
    var analysis: SweepAnalysis
    var noise: GradientNoise?

    init(preset: Preset) {
        self.preset = preset
        config = ScalingConfig(preset: preset)
        table = SweepTable(grid: config.grid)
        analysis = SweepAnalysis(table: table, smallBatchMax: config.smallBatchMax)
    }

    /// ε values `e` cycles through: large ε turns Adam's sign-like update back into SGD.
    static let epsilons: [Double] = [1e-8, 1e-4, 1e-2, 1e-1]

    /// The same sweep with one preset key changed (validated like `--set`).
    func with(_ assignment: String) -> SweepView {
        var p = preset
        do { try p.set(assignment) } catch { return self }
        return SweepView(preset: p)
    }
}

/// MoE dashboard state: the balancing strategy and the MaxVio history.
struct MoEView: Sendable {
    var balance: BalanceStrategy
    var alpha: Float
    var u: Float
    var batchMaxVio: [(x: Double, y: Double)] = []
    var globalMaxVio: [(x: Double, y: Double)] = []

    /// Keeps the MaxVio history bounded by halving its resolution past `limit` points.
    mutating func append(step: Int, batch: Float, global: Float, limit: Int = 50_000) {
        batchMaxVio.append((Double(step), Double(batch)))
        globalMaxVio.append((Double(step), Double(global)))
        if batchMaxVio.count > limit {
            batchMaxVio = batchMaxVio.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            globalMaxVio = globalMaxVio.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        }
    }
}

/// The whole UI state: a value, changed only by `update`.
struct AppState: Sendable {
    var presetName: String
    var description: String
    var glyphs: GlyphMode
    var width = 0
    var height = 0

    // Training, as last reported by the trainer.
    var paused = false
    var step = 0
    var optimizer: OptimizerKind
    var lr: Float
    var batch: Int
    var samplerSteps: Int
    var dataset: Dataset
    var trajectoriesOn = true
    /// The live picture samples the exact model (`x`).
    var exactLive = false
    var loss = LossHistory()
    /// The experiment's shape, groups, evaluations and markers, as the trainer reported them.
    var training = TrainingView()
    var snapshot: Snapshot?
    var stepsPerSecond: Double = 0
    var rateWindow: [(time: Double, step: Int)] = []
    var diverged: String?

    // Interface.
    var panes: [PaneID] = [.loss, .quality, .samples, .stats]
    var focus: PaneID = .loss
    var zoomed = false
    var showHelp = false
    var notice: (text: String, until: Double)?
    var now: Double = 0
    var saveCount = 0
    var quitting = false

    /// Physics demos step frames in the UI loop instead of training.
    var demo: PhysicsDemo?
    /// Names of `StepMetrics.extra`, from the experiment.
    var extraNames: [String] = []
    var moe: MoEView?
    var sweep: SweepView?
    /// One-step generators (reflow2, shortcut, consistency, SiD) and SiD's λ.
    var oneStep = false
    var lambda: Double?
    /// The latest quality curve and 1-step samples of every method trained this session, by name,
    /// so the grid and the chart compare methods while the selected one trains.
    var methodCurves: [String: NamedSeries] = [:]
    var methodSamples: [String: NamedPoints] = [:]
    var methodOrder: [String] = []
    /// TARFLOW (noise σ, key n) and VQ (codebook shape, the path shown, key v) dashboards.
    var flow: FlowView?
    var vq: VQView?

    init(preset: Preset, glyphs: GlyphMode) {
        presetName = preset.name
        description = preset.description
        self.glyphs = glyphs
        let schema = Set(preset.experiment.schema.map(\.name))
        let optimizer = OptimizerConfig(preset: preset, keys: schema)
        self.optimizer = optimizer.kind
        lr = optimizer.hiddenLR(for: optimizer.kind)
        batch = schema.contains("batch") ? preset.int("batch") : 0
        samplerSteps = schema.contains("sampler_steps") ? preset.int("sampler_steps") : 32
        dataset = schema.contains("dataset") ? preset.choice("dataset", as: Dataset.self) : .gaussians8
        if preset.experiment == .moeBalance {
            moe = MoEView(balance: preset.choice("balance", as: BalanceStrategy.self),
                          alpha: Float(preset.number("aux_alpha")), u: Float(preset.number("bias_rate")))
            panes = [.loss, .samples, .load, .maxVio, .stats]
        }
        if [.reflow2, .shortcut, .consistency, .sid].contains(preset.experiment) {
            oneStep = true
            panes = [.loss, .stepsQuality, .grid, .stats]
            if preset.experiment == .sid { lambda = preset.number("lambda") }
        }
        if preset.experiment == .tarflow {
            flow = FlowView(sigma: preset.number("sigma"))
            panes = FlowView.panes
            focus = panes[0]
        }
        if preset.experiment == .vq {
            let v = VQView(preset: preset)
            vq = v
            panes = v.panes
            focus = panes[0]
        }
        if preset.experiment == .lrBatchScaling {
            sweep = SweepView(preset: preset)
            panes = [.heatmap, .optimum, .stats]
            focus = .heatmap
        }
        if let demo = PhysicsDemo(preset: preset) {
            self.demo = demo
            if case .kepler = demo {
                panes = [.scene, .readouts, .drift]
            } else {
                panes = [.scene, .readouts]
            }
            focus = .scene
        }
    }

    /// The key bindings in force (help overlay and status bar).
    var bindings: [KeyBinding] {
        if sweep != nil { return Keymap.sweep }
        if let demo {
            if case .kepler = demo { return PhysicsKeymap.bindings(kepler: true) }
            return PhysicsKeymap.bindings(kepler: false)
        }
        return Keymap.training(self)
    }

    /// Text shown in the status line for a few seconds.
    mutating func say(_ text: String, seconds: Double = 3) {
        notice = (text, now + seconds)
    }
}

extension AppState {
    /// The one-step methods' presets, in the order `n` visits them.
    static let oneStepPresets = ["reflow2", "shortcut", "consistency", "sid"]

    /// A fresh state for another preset that keeps the interface (size, glyphs) and the methods seen so far.
    func switching(to preset: Preset, extraNames: [String]) -> AppState {
        var s = AppState(preset: preset, glyphs: glyphs)
        s.width = width
        s.height = height
        s.extraNames = extraNames
        s.methodCurves = methodCurves
        s.methodSamples = methodSamples
        s.methodOrder = methodOrder
        s.now = now
        s.say("training \(preset.name)")
        return s
    }

    /// Curves of every method seen, the running one first.
    var comparedCurves: [NamedSeries] { methodOrder.compactMap { methodCurves[$0] } }
    var comparedSamples: [NamedPoints] { methodOrder.compactMap { methodSamples[$0] } }

    /// Keeps the latest quality-vs-steps curve of a method (or its teacher) for the comparison chart.
    mutating func remember(curve: NamedSeries) {
        methodCurves[curve.name] = curve
        if !methodOrder.contains(curve.name) { methodOrder.append(curve.name) }
    }

    mutating func remember(samples: NamedPoints) {
        methodSamples[samples.name] = samples
        if !methodOrder.contains(samples.name) { methodOrder.append(samples.name) }
    }

    /// Drops a method's curve and samples (its run was reset).
    mutating func forget(method name: String) {
        methodCurves[name] = nil
        methodSamples[name] = nil
    }
}
