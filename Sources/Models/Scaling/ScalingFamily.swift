/// The sweep's preset keys as plain values, each bound to its key once; `ScalingConfig(preset:)` derives the grid, the
/// budgets, the optimizer and the task from them.
public struct ScalingSettings: PresetSettings {
    public var optimizer = "sgd"
    public var eps = 1e-8, momentum = 0.0, beta1 = 0.9, beta2 = 0.999, muonMomentum = 0.95, muonSideRatio = 0.05
    public var batches = [4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]
    public var lrMin = 0.0, lrMax = 0.0
    public var lrCount = 13, examples = 0, seeds = 2, threads = 0
    public var task = ScalingTaskKind.linear
    public var dim = 64
    public var targetScale = 0.1
    public var hidden = [32, 32]
    public var activation = Activation.tanh
    public var teacherHidden = [8]
    public var teacherOffset = 0.0, noise = 0.5
    public var dataset = Dataset.gaussians8
    public var heldOut = 4096, noiseExamples = 8192, smallBatchMax = 32, budgetCount = 0
    public var flopsMin = 1e8, flopsMax = 1e10, nearOptimal = 0.05
    public var spectrumDecay = 1.5, targetDecay = 2.0
    public var minSteps = 1
    public var lrOptimum = LROptimum.vertex
    public init() {}

    public static let settings: [Setting<ScalingSettings>] = [
        Setting(PresetKey("optimizer", .choice(["sgd", "adam", "muon"]), default: .text(ScalingSettings().optimizer), "optimizer of every cell")) { c, p in
            c.optimizer = p.text("optimizer")
        },
        .number("eps", \.eps, 1e-30...10, "Adam ε (large ε moves Adam towards SGD)"),
        .number("momentum", \.momentum, 0...0.9999, "SGD momentum (0: the plain SGD of the theory)"),
        .number("beta1", \.beta1, 0...0.9999, "Adam β1"),
        .number("beta2", \.beta2, 0...0.999999, "Adam β2"),
        .number("muon_momentum", \.muonMomentum, 0...0.9999, "Muon momentum β"),
        .number("muon_side_ratio", \.muonSideRatio, 0...10, "Muon: LR of the AdamW-handled parameters ÷ swept LR"),
        .intList("batches", \.batches, 1...65_536, maxCount: 16, "batch sizes"),
        .number("lr_min", \.lrMin, 0...100, "smallest LR (0: the optimizer's default range)"),
        .number("lr_max", \.lrMax, 0...100, "largest LR (0: the optimizer's default range)"),
        .int("lr_count", \.lrCount, 2...64, "log-spaced LRs from lr_min to lr_max"),
        .int("examples", \.examples, 0...1_000_000_000, "examples per cell instead of a fixed step count (0: use steps)"),
        .int("seeds", \.seeds, 1...64, "data seeds per cell; the loss is averaged over them in log"),
        .int("threads", \.threads, 0...256, "worker threads (0: every core)"),
        .choice("task", \.task, "teacher–student MLP regression, ReFlow, noisy linear regression on isotropic inputs, or on a power-law spectrum (SGD, checkpointed budgets)"),
        .int("dim", \.dim, 1...4096, "input dimension of the linear and power-law tasks"),
        .number("spectrum_decay", \.spectrumDecay, 0...8, "power-law task: input eigenvalues λ_i = i^−α (0: isotropic, H = I)"),
        .number("target_decay", \.targetDecay, 0...8, "power-law task: target profile λ_i·w*_i² ∝ i^−β (unit signal variance)"),
        .number("target_scale", \.targetScale, 1e-6...1e6, "size of the linear task's labels: sets the gradients' size against Adam's ε"),
        .intList("hidden", \.hidden, 1...1024, maxCount: 6, "student hidden widths"),
        .choice("activation", \.activation, "student nonlinearity"),
        .intList("teacher_hidden", \.teacherHidden, 1...1024, maxCount: 6, "teacher hidden widths"),
        .number("teacher_offset", \.teacherOffset, 0...100, "0: independent teacher; > 0: the student's init moved by this × each matrix's RMS"),
        .number("noise", \.noise, 0...100, "label-noise std σ of the teacher and power-law tasks (targets have unit variance)"),
        Setting(PresetKey("dataset", Dataset.presetChoices, default: .text(ScalingSettings().dataset.rawValue), "data of the ReFlow task")) { c, p in
            c.dataset = p.choice("dataset", as: Dataset.self)
        },
        .int("held_out", \.heldOut, 64...1_000_000, "held-out examples for each cell's final loss"),
        .int("noise_examples", \.noiseExamples, 16...10_000_000, "per-example gradients for B_simple"),
        .int("small_batch_max", \.smallBatchMax, 1...65_536, "largest batch in the small-B slope fit"),
        .int("budget_count", \.budgetCount, 0...64, "compute budgets, log-spaced from flops_min to flops_max (0: one sweep of steps or examples)"),
        .int("min_steps", \.minSteps, 1...1_000_000, "a batch runs at a compute budget only with at least this many steps (B ≤ the budget's examples / min_steps)"),
        .choice("lr_optimum", \.lrOptimum, "η* of a batch: the parabola vertex around the best grid LR, or the best grid LR itself"),
        .number("flops_min", \.flopsMin, 1...1e18, "smallest compute budget C in FLOPs (6 × weights per example)"),
        .number("flops_max", \.flopsMax, 1...1e18, "largest compute budget C in FLOPs"),
        .number("near_optimal", \.nearOptimal, 0.0001...10, "cells within this fraction of the best loss form the bowl fitted per budget"),
    ]
}

/// Everything a sweep needs, read from a preset.
public struct ScalingConfig: Sendable, Equatable {
    public var task = ScalingTaskConfig()
    public var grid = SweepGrid(batches: [4, 8], lrs: [0.1], seeds: 1)
    public var settings = SweepSettings()
    public var threads = 0
    public var noiseExamples = 8192
    public var smallBatchMax = 32
    /// Compute budgets C in FLOPs; empty for a single sweep at `settings.budget`.
    public var flops: [Double] = []
    public var nearOptimal = 0.05
    /// A batch runs at a budget only with at least this many steps.
    public var minSteps = 1
    public var lrOptimum = LROptimum.vertex

    public init() {}

    /// The power-law task runs checkpointed: one run per (batch, LR, seed) read at every budget it reaches.
    public var checkpointed: Bool { task.kind == .powerlaw }

    /// Whether `batch` runs at budget `k`: at least `minSteps` steps, i.e. B ≤ E/min_steps with E the budget's examples
    /// (every batch runs in a sweep without budgets).
    public func runs(batch: Int, budget k: Int) -> Bool {
        guard k < flops.count else { return true }
        let examples = flops[k] / Double(flopsPerExample)
        return SweepBudget.flops(flops[k], perExample: flopsPerExample).steps(batch: batch) >= minSteps && Double(batch * minSteps) <= examples
    }

    /// The checkpoints of each batch (by index): the budgets it runs at, ascending, each with its step count.
    public var checkpoints: [[Checkpoint]] {
        let b = budgets
        return grid.batches.map { batch in
            b.indices.filter { runs(batch: batch, budget: $0) }.map { Checkpoint(budget: $0, steps: b[$0].budget.steps(batch: batch)) }
        }
    }

    /// Cells that run, over every budget: what the dashboard counts to.
    public var cellCount: Int { checkpoints.reduce(0) { $0 + $1.count } * grid.lrs.count * grid.seeds }

    /// Training FLOPs per example of the student (6 × its weights).
    public var flopsPerExample: Int { SweepBudget.trainingFLOPs(task.studentShape) }

    /// The settings of each budget: `settings` with steps = C / (FLOPs per example × B) and one example stream for every
    /// batch; just `settings` without budgets.
    public var budgets: [SweepSettings] {
        guard !flops.isEmpty else { return [settings] }
        return flops.map { c in
            var s = settings
            s.budget = .flops(c, perExample: flopsPerExample)
            s.sharedData = true
            return s
        }
    }

    /// Default LR range per optimizer when the preset leaves lr_min/lr_max at 0: wide enough to bracket every batch's optimum.
    public static func defaultLRRange(_ kind: OptimizerKind) -> (Double, Double) {
        switch kind {
        case .sgd: (1e-3, 10)
        case .adam, .moonlight: (1e-4, 1)
        case .muon: (1e-3, 10)
        }
    }

    public init(preset p: Preset) {
        let s = ScalingSettings(reading: p)
        task.kind = s.task
        task.hidden = s.hidden
        task.activation = s.activation
        task.teacherHidden = s.teacherHidden
        task.teacherOffset = Float(s.teacherOffset)
        task.noise = Float(s.noise)
        task.dataset = s.dataset
        task.heldOut = s.heldOut
        task.dim = s.dim
        task.targetScale = Float(s.targetScale)
        task.spectrumDecay = s.spectrumDecay
        task.targetDecay = s.targetDecay
        task.seed = p.seed
        var o = OptimizerConfig()
        o.kind = OptimizerKind(rawValue: s.optimizer)!
        o.eps = Float(s.eps)
        o.momentum = Float(s.momentum)
        o.beta1 = Float(s.beta1)
        o.beta2 = Float(s.beta2)
        o.muonMomentum = Float(s.muonMomentum)
        settings.optimizer = o
        settings.muonSideRatio = Float(s.muonSideRatio)
        settings.budget = s.examples > 0 ? .examples(s.examples) : .steps(p.steps)
        let range = Self.defaultLRRange(o.kind)
        let lo = s.lrMin > 0 ? s.lrMin : range.0
        let hi = s.lrMax > 0 ? s.lrMax : range.1
        grid = SweepGrid(batches: s.batches, lrs: SweepGrid.logSpaced(min: lo, max: max(hi, lo), count: s.lrCount), seeds: s.seeds)
        threads = s.threads
        noiseExamples = s.noiseExamples
        smallBatchMax = s.smallBatchMax
        nearOptimal = s.nearOptimal
        minSteps = s.minSteps
        lrOptimum = s.lrOptimum
        if s.budgetCount > 0 { flops = SweepGrid.logSpacedValues(min: s.flopsMin, max: max(s.flopsMax, s.flopsMin), count: s.budgetCount) }
    }
}

extension ExperimentKind {
    public static let lrBatchScaling = ExperimentKind("lr-batch-scaling")
}

/// The learning-rate × batch-size sweep, at one budget or at several compute budgets.
extension ExperimentFamily {
    public static let sweeps = ExperimentFamily("sweeps", [
        Member(.lrBatchScaling, keys: ScalingSettings.keys, runs: .cells, rules: [Self.optimizerFitsTask, Self.powerLawRunsCheckpointed]),
    ])

    /// The power-law task runs as checkpointed plain SGD (`CheckpointedSGD`): one constant-LR run read at every budget.
    @Sendable private static func powerLawRunsCheckpointed(_ p: Preset) throws {
        guard p.text("task") == ScalingTaskKind.powerlaw.rawValue else { return }
        if p.text("optimizer") != "sgd" || p.number("momentum") != 0 {
            let key = p.text("optimizer") != "sgd" ? "optimizer" : "momentum"
            throw ConfigError("\(p.place(key)): key '\(key)': task 'powerlaw' trains with plain SGD (optimizer: sgd, momentum: 0), checkpointed at every budget; for Adam set task: linear first")
        }
        if p.int("budget_count") < 1 {
            throw ConfigError("\(p.place("budget_count")): key 'budget_count': task 'powerlaw' runs a compute sweep; set budget_count ≥ 1 with flops_min and flops_max")
        }
    }

    /// Muon and Moonlight orthogonalise hidden matrices: a linear student has none.
    @Sendable private static func optimizerFitsTask(_ p: Preset) throws {
        guard ["muon", "moonlight"].contains(p.text("optimizer")), let task = ScalingTaskKind(rawValue: p.text("task")), !task.hasHiddenMatrix else { return }
        throw ConfigError("\(p.place("optimizer")): key 'optimizer': \(p.text("optimizer")) orthogonalises hidden matrices and task '\(task.rawValue)' has none (a linear student); use task: teacher or reflow, or optimizer: sgd or adam")
    }
}
