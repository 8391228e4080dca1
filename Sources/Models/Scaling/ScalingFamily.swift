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
        .choice("task", \.task, "noisy linear regression, teacher–student MLP regression or ReFlow"),
        .int("dim", \.dim, 1...4096, "input dimension of the linear task"),
        .number("target_scale", \.targetScale, 1e-6...1e6, "size of the linear task's labels: sets the gradients' size against Adam's ε"),
        .intList("hidden", \.hidden, 1...1024, maxCount: 6, "student hidden widths"),
        .choice("activation", \.activation, "student nonlinearity"),
        .intList("teacher_hidden", \.teacherHidden, 1...1024, maxCount: 6, "teacher hidden widths"),
        .number("teacher_offset", \.teacherOffset, 0...100, "0: independent teacher; > 0: the student's init moved by this × each matrix's RMS"),
        .number("noise", \.noise, 0...100, "label-noise std of the teacher task (targets have unit variance)"),
        Setting(PresetKey("dataset", Dataset.presetChoices, default: .text(ScalingSettings().dataset.rawValue), "data of the ReFlow task")) { c, p in
            c.dataset = p.choice("dataset", as: Dataset.self)
        },
        .int("held_out", \.heldOut, 64...1_000_000, "held-out examples for each cell's final loss"),
        .int("noise_examples", \.noiseExamples, 16...10_000_000, "per-example gradients for B_simple"),
        .int("small_batch_max", \.smallBatchMax, 1...65_536, "largest batch in the small-B slope fit"),
        .int("budget_count", \.budgetCount, 0...12, "compute budgets, log-spaced from flops_min to flops_max, each a full sweep (0: one sweep of steps or examples)"),
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

    public init() {}

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
        if s.budgetCount > 0 { flops = SweepGrid.logSpacedValues(min: s.flopsMin, max: max(s.flopsMax, s.flopsMin), count: s.budgetCount) }
    }
}

extension ExperimentKind {
    public static let lrBatchScaling = ExperimentKind("lr-batch-scaling")
}

/// The learning-rate × batch-size sweep, at one budget or at several compute budgets.
extension ExperimentFamily {
    public static let sweeps = ExperimentFamily("sweeps", [
        Member(.lrBatchScaling, keys: ScalingSettings.keys, runs: .cells, rules: [Self.optimizerFitsTask]),
    ])

    /// Muon and Moonlight orthogonalise hidden matrices: a linear student has none.
    @Sendable private static func optimizerFitsTask(_ p: Preset) throws {
        guard ["muon", "moonlight"].contains(p.text("optimizer")), let task = ScalingTaskKind(rawValue: p.text("task")), !task.hasHiddenMatrix else { return }
        throw ConfigError("\(p.place("optimizer")): key 'optimizer': \(p.text("optimizer")) orthogonalises hidden matrices and task '\(task.rawValue)' has none (a linear student); use task: teacher or reflow, or optimizer: sgd or adam")
    }
}
