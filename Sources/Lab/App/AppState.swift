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
    /// Learning rate × batch size: the loss heatmap and the optimum per batch; at several compute budgets, η_opt(C) and B_opt(C).
    case heatmap, optimum, laws
    /// One-step generation: quality against sampling steps, and 1-step samples per method.
    case stepsQuality, grid
    /// muP: loss vs LR per width under SP and under muP, and the coordinate check.
    case spCurves, mupCurves, coords
    /// The spiral classifier: full-data loss of the weights and their EMA, the data and its misclassified points.
    case fullLoss, regions
    /// InfoNCE: gradient error of naive accumulation vs k, and both encoders' embeddings.
    case gradError, embeddings
    /// Gradient checkpointing: memory and time against depth.
    case memory, compute
    /// Diffusion: quality vs steps per sampler, the schedule pitfall, guidance vs s, DDCM rate–distortion and codes.
    case samplerChart, schedule, guidance, rateDistortion, codes
    /// TARFLOW: test NLL vs entropy and flow_kl, samples (raw | denoised), the latent picture.
    case likelihood, flowSamples, latent
    /// VQ: perplexity, codes used and MSE per gradient path, code usage, the latent plane, reconstructions.
    case perplexity, utilisation, mse, usage, codePlane, reconstructions
}

/// The sweep dashboard's state: what is being swept, the cells so far (one table per compute budget), and the fits.
struct SweepView: Sendable {
    var preset: Preset
    var config: ScalingConfig
    var tables: [SweepTable]
    /// The budget the heatmap shows: the one cells last came from, until `c` pins one.
    var shown = 0
    var pinned = false
    /// Fits of the shown table (η*(B), slopes, theory curves).
    var analysis: SweepAnalysis
    /// Per-budget optima and the power laws in C; nil for a single-budget sweep.
    var compute: ComputeAnalysis?
    var noise: GradientNoise?

    init(preset: Preset) {
        self.preset = preset
        let c = ScalingConfig(preset: preset)
        config = c
        tables = c.budgets.map { _ in SweepTable(grid: c.grid) }
        analysis = SweepAnalysis(table: tables[0], smallBatchMax: c.smallBatchMax)
        if !c.flops.isEmpty { compute = ComputeAnalysis(tables: tables, flops: c.flops, near: c.nearOptimal) }
    }

    var table: SweepTable { tables[shown] }
    var done: Int { tables.reduce(0) { $0 + $1.done } }
    var total: Int { tables.reduce(0) { $0 + $1.grid.count } }

    /// Files finished cells under their budget and refits; the shown budget follows the newest cells unless pinned.
    mutating func record(_ results: [SweepResult]) {
        let g = config.grid
        for r in results where r.cell.budget < tables.count && r.cell.seed < g.seeds && r.cell.batchIndex < g.batches.count && r.cell.lrIndex < g.lrs.count {
            tables[r.cell.budget].record(r)
            if !pinned { shown = r.cell.budget }
        }
        analysis = SweepAnalysis(table: table, smallBatchMax: config.smallBatchMax)
        if compute != nil { compute = ComputeAnalysis(tables: tables, flops: config.flops, near: config.nearOptimal) }
    }

    /// Shows the next budget and keeps it shown.
    mutating func showNextBudget() {
        shown = (shown + 1) % tables.count
        pinned = true
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
    /// A recording of this run is being written (R).
    var recording = false

    /// Physics demos step frames in the UI loop instead of training.
    var demo: PhysicsDemo?
    /// Names of `StepMetrics.extra`, from the experiment.
    var extraNames: [String] = []
    var moe: MoEView?
    var sweep: SweepView?
    var mup: MuPView?
    /// The classifier and InfoNCE dashboards.
    var practice: PracticeDashboard?
    /// The gradient-checkpointing study, measured before the dashboard opens.
    var checkpoint: CheckpointView?
    /// One-step generators (reflow2, shortcut, consistency, SiD, distill) and SiD's λ.
    var oneStep = false
    var lambda: Double?
    /// The latest quality curve and 1-step samples of every method trained this session, by name,
    /// so the grid and the chart compare methods while the selected one trains.
    var methodCurves: [String: NamedSeries] = [:]
    var methodSamples: [String: NamedPoints] = [:]
    var methodOrder: [String] = []
    /// ddpm, cfg and ddcm: the live sampler's choices and the charts' axes.
    var diffusion: DiffusionView?
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
        if [.reflow2, .shortcut, .consistency, .sid, .distill].contains(preset.experiment) {
            oneStep = true
            panes = [.loss, .stepsQuality, .grid, .stats]
            if preset.experiment == .sid { lambda = preset.number("lambda") }
        }
        if let d = DiffusionView(preset: preset) {
            diffusion = d
            panes = d.panes
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
            let sw = SweepView(preset: preset)
            sweep = sw
            panes = sw.compute == nil ? [.heatmap, .optimum, .stats] : [.heatmap, .laws, .stats]
            focus = .heatmap
        }
        if let d = PracticeDashboard(preset: preset) {
            practice = d
            panes = d.panes
        }
        if preset.experiment == .mup {
            mup = MuPView(preset: preset)
            panes = [.spCurves, .mupCurves, .coords, .stats]
            focus = .spCurves
        }
        if let demo = PhysicsDemo(preset: preset) {
            self.demo = demo
            switch demo {
            case .kepler, .curvature: panes = [.scene, .readouts, .drift]
            case .pursuit: panes = [.scene, .readouts]
            }
            focus = .scene
        }
    }

    /// The key bindings in force (help overlay and status bar).
    var bindings: [KeyBinding] {
        if let sw = sweep { return sw.compute == nil ? Keymap.sweep : Keymap.computeSweep }
        if mup != nil { return Keymap.mup }
        if checkpoint != nil { return Keymap.sweep.filter { !["o", "e", "r"].contains($0.keys) } }
        if let demo {
            if case .kepler = demo { return PhysicsKeymap.bindings(kepler: true) }
            if case .curvature = demo { return PhysicsKeymap.bindings(kepler: false, curvature: true) }
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
    static let oneStepPresets = ["reflow2", "shortcut", "consistency", "sid", "distill"]

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
    /// Each method's 1-step headline value: its quality curve at M = 1.
    var oneStepQuality: [String: Double] { methodCurves.compactMapValues { c in c.points.first { $0.x == 1 }?.y } }

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
