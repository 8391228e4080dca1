extension PresetKey {
    /// Keys of the learning-rate × batch-size sweep.
    public static let scaling: [PresetKey] = [
        PresetKey("optimizer", .choice(["sgd", "adam", "muon"]), default: .text("sgd"), "optimizer of every cell"),
        PresetKey("eps", .number(1e-30...10), default: .number(1e-8), "Adam ε (large ε moves Adam towards SGD)"),
        PresetKey("momentum", .number(0...0.9999), default: .number(0), "SGD momentum (0: the plain SGD of the theory)"),
        PresetKey("beta1", .number(0...0.9999), default: .number(0.9), "Adam β1"),
        PresetKey("beta2", .number(0...0.999999), default: .number(0.999), "Adam β2"),
        PresetKey("muon_momentum", .number(0...0.9999), default: .number(0.95), "Muon momentum β"),
        PresetKey("muon_side_ratio", .number(0...10), default: .number(0.05), "Muon: LR of the AdamW-handled parameters ÷ swept LR"),
        PresetKey("batches", .intList(1...65_536, maxCount: 16), default: .intList([4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]), "batch sizes"),
        PresetKey("lr_min", .number(0...100), default: .number(0), "smallest LR (0: the optimizer's default range)"),
        PresetKey("lr_max", .number(0...100), default: .number(0), "largest LR (0: the optimizer's default range)"),
        PresetKey("lr_count", .int(2...64), default: .int(13), "log-spaced LRs from lr_min to lr_max"),
        PresetKey("examples", .int(0...1_000_000_000), default: .int(0), "examples per cell instead of a fixed step count (0: use steps)"),
        PresetKey("seeds", .int(1...64), default: .int(2), "data seeds per cell; the loss is averaged over them in log"),
        PresetKey("threads", .int(0...256), default: .int(0), "worker threads (0: every core)"),
        PresetKey("task", .choice(ScalingTaskKind.allCases.map(\.rawValue)), default: .text("linear"), "noisy linear regression, teacher–student MLP regression or ReFlow"),
        PresetKey("dim", .int(1...4096), default: .int(64), "input dimension of the linear task"),
        PresetKey("target_scale", .number(1e-6...1e6), default: .number(0.1), "size of the linear task's labels: sets the gradients' size against Adam's ε"),
        PresetKey("hidden", .intList(1...1024, maxCount: 6), default: .intList([32, 32]), "student hidden widths"),
        PresetKey("activation", .choice(Activation.allCases.map(\.rawValue)), default: .text("tanh"), "student nonlinearity"),
        PresetKey("teacher_hidden", .intList(1...1024, maxCount: 6), default: .intList([8]), "teacher hidden widths"),
        PresetKey("teacher_offset", .number(0...100), default: .number(0), "0: independent teacher; > 0: the student's init moved by this × each matrix's RMS"),
        PresetKey("noise", .number(0...100), default: .number(0.5), "label-noise std of the teacher task (targets have unit variance)"),
        PresetKey("dataset", Dataset.presetChoices, default: .text("gaussians8"), "data of the ReFlow task"),
        PresetKey("held_out", .int(64...1_000_000), default: .int(4096), "held-out examples for each cell's final loss"),
        PresetKey("noise_examples", .int(16...10_000_000), default: .int(8192), "per-example gradients for B_simple"),
        PresetKey("small_batch_max", .int(1...65_536), default: .int(32), "largest batch in the small-B slope fit"),
        PresetKey("budget_count", .int(0...12), default: .int(0), "compute budgets, log-spaced from flops_min to flops_max, each a full sweep (0: one sweep of steps or examples)"),
        PresetKey("flops_min", .number(1...1e18), default: .number(1e8), "smallest compute budget C in FLOPs (6 × weights per example)"),
        PresetKey("flops_max", .number(1...1e18), default: .number(1e10), "largest compute budget C in FLOPs"),
        PresetKey("near_optimal", .number(0.0001...10), default: .number(0.05), "cells within this fraction of the best loss form the bowl fitted per budget"),
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
        task.kind = p.choice("task", as: ScalingTaskKind.self)
        task.hidden = p.intList("hidden")
        task.activation = p.choice("activation", as: Activation.self)
        task.teacherHidden = p.intList("teacher_hidden")
        task.teacherOffset = Float(p.number("teacher_offset"))
        task.noise = Float(p.number("noise"))
        task.dataset = p.choice("dataset", as: Dataset.self)
        task.heldOut = p.int("held_out")
        task.dim = p.int("dim")
        task.targetScale = Float(p.number("target_scale"))
        task.seed = p.seed
        var o = OptimizerConfig()
        o.kind = p.choice("optimizer", as: OptimizerKind.self)
        o.eps = Float(p.number("eps"))
        o.momentum = Float(p.number("momentum"))
        o.beta1 = Float(p.number("beta1"))
        o.beta2 = Float(p.number("beta2"))
        o.muonMomentum = Float(p.number("muon_momentum"))
        settings.optimizer = o
        settings.muonSideRatio = Float(p.number("muon_side_ratio"))
        settings.budget = p.int("examples") > 0 ? .examples(p.int("examples")) : .steps(p.steps)
        let range = Self.defaultLRRange(o.kind)
        let lo = p.number("lr_min") > 0 ? p.number("lr_min") : range.0
        let hi = p.number("lr_max") > 0 ? p.number("lr_max") : range.1
        grid = SweepGrid(batches: p.intList("batches"), lrs: SweepGrid.logSpaced(min: lo, max: max(hi, lo), count: p.int("lr_count")), seeds: p.int("seeds"))
        threads = p.int("threads")
        noiseExamples = p.int("noise_examples")
        smallBatchMax = p.int("small_batch_max")
        nearOptimal = p.number("near_optimal")
        let n = p.int("budget_count")
        if n > 0 { flops = SweepGrid.logSpacedValues(min: p.number("flops_min"), max: max(p.number("flops_max"), p.number("flops_min")), count: n) }
    }
}

extension ExperimentKind {
    public static let lrBatchScaling = ExperimentKind("lr-batch-scaling")
}

/// The learning-rate × batch-size sweep, at one budget or at several compute budgets.
extension ExperimentFamily {
    public static let sweeps = ExperimentFamily("sweeps", [
        Member(.lrBatchScaling, keys: PresetKey.scaling, runs: .cells, rules: [Self.optimizerFitsTask]),
    ])

    /// Muon and Moonlight orthogonalise hidden matrices: a linear student has none.
    @Sendable private static func optimizerFitsTask(_ p: Preset) throws {
        guard ["muon", "moonlight"].contains(p.text("optimizer")), let task = ScalingTaskKind(rawValue: p.text("task")), !task.hasHiddenMatrix else { return }
        throw ConfigError("\(p.place("optimizer")): key 'optimizer': \(p.text("optimizer")) orthogonalises hidden matrices and task '\(task.rawValue)' has none (a linear student); use task: teacher or reflow, or optimizer: sgd or adam")
    }
}
