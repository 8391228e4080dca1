/// The experiment core: drives any `GenerativeMethod` and owns what every method shares — the step count,
/// the loss EMA, the optimizers of its parameter groups and their hot-swap, phases, evaluation with the shared
/// measures, reset, live snapshots and headless outputs.
public final class GenerativeExperiment: Experiment {
    public private(set) var settings: CoreSettings
    public private(set) var method: GenerativeMethod
    public let optimizers: GroupOptimizers
    public private(set) var step = 0
    public private(set) var phase = 0
    public private(set) var fixtures: CoreFixtures
    public var trajectoriesOn = true
    /// The live picture samples the exact model instead of the net.
    public private(set) var exactLive = false
    public var progress: ((String?) -> Void)? {
        didSet { context.report = progress }
    }

    private var phaseStart = 0
    private var lossEMA: LossEMA
    private let context: MethodContext
    private var pending: [TrainerEvent] = []
    /// Measures of frozen samplers (teacher after its phase, exact models), by sampler and steps.
    private var frozen: [String: Scores] = [:]
    /// The samples of the last evaluation, reused by `outputs()` when nothing trained since.
    private var lastSamples: (step: Int, files: [(String, [Float])])?

    public init(settings: CoreSettings, method: GenerativeMethod) {
        self.settings = settings
        self.method = method
        optimizers = GroupOptimizers()
        fixtures = CoreFixtures(settings)
        lossEMA = LossEMA(decay: settings.lossEMADecay)
        context = MethodContext(settings: settings, optimizers: optimizers)
        startPhase(0)
    }

    // MARK: Training

    public var extraMetricNames: [String] { method.extraMetricNames }
    public var isFinite: Bool { method.isFinite }

    public func trainStep() -> StepMetrics {
        advancePhase()
        context.batch = settings.batch
        context.step = step
        context.phaseStep = step - phaseStart
        let r = method.trainStep(context)
        step += 1
        lossEMA.add(r.loss)
        let head = optimizers.primary
        return StepMetrics(step: step, loss: r.loss, lossEMA: lossEMA.value, lr: head?.lr ?? 0,
                           optimizer: head?.kind ?? settings.optimizer.kind, batch: settings.batch, extra: r.extra)
    }

    public func takeEvents() -> [TrainerEvent] {
        defer { pending.removeAll() }
        return pending
    }

    /// Moves to the next phase once the current one has run its steps (a phase of 0 steps is skipped).
    private func advancePhase() {
        let phases = method.phases
        while phase + 1 < phases.count, let n = phases[phase].steps, step - phaseStart >= n {
            phaseStart = step
            frozen.removeAll()
            startPhase(phase + 1)
            pending.append(.phase(name: phases[phase].name, step: step))
            pending.append(.groups(optimizers.status))
            pending.append(.info(info))
        }
    }

    private func startPhase(_ p: Int) {
        phase = p
        method.begin(phase: p, context: context)
        optimizers.adopt(method.groups)
    }

    // MARK: Description

    public var groupStatus: [GroupStatus] { optimizers.status }

    public var info: ExperimentInfo {
        let samplers = method.samplers
        return ExperimentInfo(
            method: method.name, phases: method.phases, samplers: samplers.map(\.name),
            maxSamplerSteps: samplers.first?.maxSteps ?? 1,
            hasTrajectories: samplers.first?.hasPaths ?? false,
            hasExact: samplers.contains { $0.exact },
            validationPrefix: method.validationField?.prefix,
            hasFloor: method.validationField != nil && fixtures.validation.floor != nil,
            headline: headlineName(samplers), floors: fixtures.reference.floors, extraMetricNames: method.extraMetricNames, totalSteps: settings.totalSteps)
    }

    /// The headline measure: the method's own sampler at its first evaluated step count.
    private func headlineName(_ samplers: [Sampler]) -> String {
        guard let s = samplers.first, let m = s.evalSteps.first else { return "" }
        return s.prefix + fixtures.reference.headlineMeasure + s.suffix(steps: m)
    }

    /// Validation columns, then every sampler's measures at each evaluated step count, then the method's extras.
    public var evaluationNames: [String] {
        var names: [String] = []
        if let v = method.validationField {
            names += [v.prefix + "val_loss"]
            if fixtures.validation.floor != nil { names += [v.prefix + "val_floor", v.prefix + "val_excess"] }
        }
        for s in method.samplers {
            for m in s.evalSteps { names += Scores.names(fixtures.reference).map { s.prefix + $0 + s.suffix(steps: m) } }
        }
        return names + method.extraEvaluationNames
    }

    // MARK: Evaluation

    public func evaluate(curves: Bool) -> Evaluation {
        var e = Evaluation(step: step)
        if let v = method.validationField {
            let r = fixtures.validation.evaluate(v.field)
            e.append(v.prefix + "val_loss", r.loss)
            if let floor = fixtures.validation.floor, let x = r.excess {
                e.append(v.prefix + "val_floor", floor)
                e.append(v.prefix + "val_excess", x)
            }
        }
        let samplers = method.samplers
        var files: [(String, [Float])] = []
        var measured: [String: Double] = [:]
        for s in samplers {
            for m in s.evalSteps {
                let key = "\(s.name)#\(m)"
                let scores: Scores
                if s.frozen, let cached = frozen[key] {
                    scores = cached
                } else {
                    let samples = s.run(fixtures.evalNoise, m, false).final
                    files.append((s.prefix + (s.plainNames ? "samples" : "samples_\(m)") + ".csv", samples))
                    scores = Scores(fixtures.reference.measure(samples), prefix: s.prefix, suffix: s.suffix(steps: m))
                    if s.frozen { frozen[key] = scores }
                }
                e.append(contentsOf: scores.scalars)
                e.vectors += scores.vectors
                measured[key] = scores.headline
            }
        }
        e.append(contentsOf: method.extraEvaluation(noise: fixtures.evalNoise))
        e.headline = headlineName(samplers)
        if curves { e.curves = qualityCurves(samplers, known: measured) }
        lastSamples = (step, files)
        return e
    }

    /// The headline measure against sampling steps, one series per sampler that has a curve.
    private func qualityCurves(_ samplers: [Sampler], known: [String: Double]) -> [NamedSeries] {
        samplers.filter { !$0.curveSteps.isEmpty }.map { s in
            NamedSeries(name: s.name, points: s.curveSteps.map { m in
                let key = "\(s.name)#\(m)"
                let y = known[key] ?? fixtures.reference.headline(of: s.run(fixtures.evalNoise, m, false).final)
                return SIMD2(Double(m), y)
            })
        }
    }

    // MARK: Live picture

    public func snapshot() -> Snapshot {
        var s = Snapshot(step: step)
        let samplers = method.samplers
        guard let own = samplers.first else {
            s.data = fixtures.snapshotData
            method.decorate(&s)
            return s
        }
        let live = exactLive ? (samplers.first { $0.exact } ?? own) : own
        let steps = min(settings.samplerSteps, live.maxSteps)
        let run = live.run(fixtures.snapshotNoise, steps, trajectoriesOn && live.hasPaths)
        s.samples = run.final
        s.samplerSteps = steps
        s.samplerName = live.name
        s.data = fixtures.snapshotData
        if let tr = run.trajectories {
            let k = 2 * min(settings.snapshotPaths, tr.count)
            s.trajectories = Trajectories(frames: tr.frames.map { Array($0.prefix(k)) }, times: tr.times)
        }
        if own.evalSteps.contains(1) {
            s.pointSets = [NamedPoints(name: own.name, points: steps == 1 && live.name == own.name ? run.final : own.run(fixtures.snapshotNoise, 1, false).final)]
        }
        method.decorate(&s)
        return s
    }

    // MARK: Outputs

    public func outputs() -> [(name: String, contents: String)] {
        if let last = lastSamples, last.step == step, !last.files.isEmpty {
            return last.files.map { ($0.0, pointsCSV($0.1)) } + method.outputFiles()
        }
        var out: [(String, String)] = []
        for s in method.samplers {
            for m in s.evalSteps {
                out.append((s.prefix + (s.plainNames ? "samples" : "samples_\(m)") + ".csv", pointsCSV(s.run(fixtures.evalNoise, m, false).final)))
            }
        }
        return out + method.outputFiles()
    }

    public func summary() -> JSONObject {
        var j = JSONObject()
        j.set("method", method.name)
        j.set("dataset", settings.dataset.rawValue)
        j.set("reference", object: fixtures.reference.summary())
        var groups = JSONObject()
        for g in optimizers.status {
            var o = JSONObject()
            o.set("optimizer", g.kind.rawValue)
            o.set("lr", g.lr)
            groups.set(g.name, object: o)
        }
        j.set("groups", object: groups)
        var phases: [String] = []
        var start = 0
        for (i, p) in method.phases.enumerated() where i <= phase {
            phases.append("{\"name\": \(OutputFormat.quoted(p.name)), \"start\": \(start)}")
            start += p.steps ?? 0
        }
        j.set("phases", raw: "[" + phases.joined(separator: ", ") + "]")
        return j
    }

    // MARK: Commands

    public func apply(_ command: TrainerCommand) throws -> [TrainerEvent] {
        try command.validate()
        switch command {
        case .setOptimizer(let kind, let group):
            let changed = try optimizers.switchTo(kind, group: group)
            return changed.map { .switched(step: step, from: $0.from, to: kind, group: $0.group) } + [.groups(optimizers.status)]
        case .scaleLR(let f, let group):
            try optimizers.scaleLR(f, group: group)
            return lrChanged(group)
        case .setLR(let lr, let group):
            try optimizers.setLR(lr, group: group)
            return lrChanged(group)
        case .setBatchSize(let b):
            settings.batch = b
            return [.changed(step: step, setting: "batch", text: "batch \(b)")]
        case .setSamplerSteps(let n):
            settings.samplerSteps = n
            return [.notice("sampler steps \(min(n, method.samplers.first?.maxSteps ?? n))")]
        case .setTrajectories(let on):
            trajectoriesOn = on
            return []
        case .setExact(let on):
            guard !on || method.samplers.contains(where: \.exact) else { throw CommandError("\(method.name) has no exact model for this dataset") }
            exactLive = on
            return [.notice(on ? "live samples from the exact model" : "live samples from the net")]
        case .setDataset(let d):
            settings.dataset = d
            restart()
            return [.reset, .info(info), .groups(optimizers.status), .changed(step: 0, setting: "dataset", text: "dataset \(d.label)")]
        case .reset:
            restart()
            return [.reset, .info(info), .groups(optimizers.status)]
        case .setOption(let key, let value):
            let text = try method.setOption(key, value)
            return [.changed(step: step, setting: key, text: text), .info(info)]
        case .pause, .resume, .stepOnce, .quit:
            return []
        }
    }

    private func lrChanged(_ group: String?) -> [TrainerEvent] {
        let s = optimizers.status
        let shown = s.first { $0.name == group } ?? s.first
        let text = "lr \(formatNumber(shown?.lr ?? 0))" + (group.map { " (\($0))" } ?? "")
        return [.changed(step: step, setting: "lr", text: text), .groups(s)]
    }

    /// Starts over from the current settings: fresh weights (method options kept), data stream from the seed,
    /// the user's optimizer choices kept.
    private func restart() {
        let datasetChanged = settings.dataset != fixtures.dataset
        method = method.rebuilt(settings)
        if datasetChanged { fixtures = CoreFixtures(settings) }
        context.data = DataStream(dataset: settings.dataset, seed: settings.seed)
        context.rng = RNG(seed: settings.seed, stream: 6)
        step = 0
        phaseStart = 0
        lossEMA.reset()
        frozen.removeAll()
        lastSamples = nil
        pending.removeAll()
        startPhase(0)
    }
}


/// One sampler's measures at one step count, named with its prefix and suffix. The floors are the same for every
/// sampler at the evaluation's size: they go to summary.json and the stats pane once, not into every row.
private struct Scores {
    var scalars: [(String, Double)]
    var vectors: [NamedVector]
    var headline: Double?

    init(_ q: SampleQuality, prefix: String, suffix: String) {
        scalars = q.scalars().filter { !$0.name.hasSuffix("_floor") }.map { (prefix + $0.name + suffix, $0.value) }
        vectors = q.modeShares.map { [NamedVector(name: prefix + SampleQuality.modeSharesName + suffix, values: $0)] } ?? []
        headline = q.headline
    }

    /// The names `init` gives, in order, before any samples are measured (CSV headers).
    static func names(_ reference: QualityReference) -> [String] {
        reference.measureNames.filter { !$0.hasSuffix("_floor") } + (reference.mixture != nil ? [SampleQuality.modeSharesName] : [])
    }
}
