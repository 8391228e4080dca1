/// The experiment core: drives any `GenerativeMethod` and owns what every method shares — the step count,
/// the loss EMA, the optimizers of its parameter groups and their hot-swap, phases, evaluation with the shared
/// measures, reset, live snapshots and headless outputs.
public final class GenerativeExperiment: Experiment {
    public internal(set) var settings: CoreSettings
    public private(set) var method: GenerativeMethod
    public let optimizers: GroupOptimizers
    public internal(set) var step = 0
    public private(set) var phase = 0
    public private(set) var fixtures: CoreFixtures
    public var trajectoriesOn = true
    /// The live picture samples the exact model instead of the net.
    public internal(set) var exactLive = false
    /// Counts the commands that change what a copy must be built from (options, weight EMA, dataset, reset).
    public private(set) var configuration = 0
    /// The live experiment's `configuration` this copy was built from (nil: not a copy).
    var copiedConfiguration: Int?
    public var progress: ((String?) -> Void)? {
        didSet { context.report = progress }
    }

    var phaseStart = 0
    var lossEMA: LossEMA
    let context: MethodContext
    var pending: [TrainerEvent] = []
    /// Where this experiment's first phase is cached (nil: it trains it); `GenerativeExperiment+PhaseCache`.
    public var phaseCache: PhaseCache?
    /// A command changed what the first phase trains (an LR, an optimizer, the batch): its end is not the recipe's.
    var changedByHand = false
    /// The first phase came from the cache (it is not saved again).
    var resumedFromCache = false
    /// Measures and samples of frozen samplers (teacher after its phase, exact models), by sampler and steps: measured
    /// once, their samples still go to every evaluation's files (whichever evaluation measured them first).
    var frozen: [String: (scores: Scores, samples: [Float])] = [:]
    /// The samples of the last evaluation, reused by `outputs()` when nothing trained since.
    var lastSamples: (step: Int, files: [(String, [Float])])?
    /// The weight EMA of each parameter group (empty when `settings.weightEMA` is nil).
    var averages: [String: GroupAverage] = [:]

    public convenience init(settings: CoreSettings, method: GenerativeMethod) {
        self.init(settings: settings, method: method, fixtures: CoreFixtures(settings), evaluatesOnly: false)
    }

    /// `fixtures` shared with the live experiment when this is its evaluator's copy (`evaluatesOnly`).
    init(settings: CoreSettings, method: GenerativeMethod, fixtures: CoreFixtures, evaluatesOnly: Bool) {
        self.settings = settings
        self.method = method
        optimizers = GroupOptimizers()
        self.fixtures = fixtures
        lossEMA = LossEMA(decay: settings.lossEMADecay)
        context = MethodContext(settings: settings, optimizers: optimizers)
        context.evaluatesOnly = evaluatesOnly
        startPhase(0)
    }

    // MARK: Training

    public var extraMetricNames: [String] { method.extraMetricNames }
    public var isFinite: Bool { method.isFinite }

    public func trainStep() -> StepMetrics {
        advancePhase()
        context.step = step
        context.phaseStep = step - phaseStart
        // Accumulation: k micro-batches of B/k rows draw the same data and noise, in the same order, as one batch of B.
        let k = max(1, settings.accumulate)
        context.batch = settings.batch / k
        var r = MethodStep(loss: 0)
        for i in 0..<k {
            context.microBatch = (i, k)
            let m = method.trainStep(context)
            r.loss += m.loss / Float(k)
            r.extra = m.extra
        }
        context.microBatch = (0, 1)
        for a in averages.values { a.ema.update() }
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
            if phase == 0 { saveFirstPhase() }
            phaseStart = step
            frozen.removeAll()
            startPhase(phase + 1)
            pending.append(.phase(name: phases[phase].name, step: step))
            pending.append(.groups(optimizers.status))
            pending.append(.info(info))
        }
    }

    func startPhase(_ p: Int) {
        phase = p
        method.begin(phase: p, context: context)
        optimizers.adopt(method.groups)
        adoptAverages()
    }

    /// One weight EMA per parameter group; a group that keeps its parameters keeps its average.
    private func adoptAverages() {
        guard let w = settings.weightEMA else { return averages.removeAll() }
        var kept: [String: GroupAverage] = [:]
        for g in method.groups {
            if let a = averages[g.name], a.source.parameters.elementsEqual(g.parameters, by: ===), a.ema.decay == w.decay {
                kept[g.name] = a
            } else {
                kept[g.name] = GroupAverage(g.parameters, settings: w)
            }
        }
        averages = kept
    }

    /// Runs `body` with every group's averaged weights in place of the live ones (when `ema` and an EMA exists).
    func withWeights<T>(ema: Bool, _ body: () -> T) -> T {
        guard ema, !averages.isEmpty else { return body() }
        for a in averages.values { a.swapWeights() }
        defer { for a in averages.values { a.swapWeights() } }
        return body()
    }

    // MARK: Description

    public var groupStatus: [GroupStatus] { optimizers.status }

    public var info: ExperimentInfo {
        let samplers = method.samplers
        var info = ExperimentInfo(
            method: method.name, phases: method.phases, samplers: samplers.map(\.name),
            maxSamplerSteps: samplers.first?.maxSteps ?? 1,
            hasTrajectories: samplers.first?.hasPaths ?? false,
            hasExact: samplers.contains { $0.exact },
            validationPrefix: method.validationField?.prefix ?? method.ownValidation?.prefix,
            hasFloor: method.validationField != nil ? fixtures.validation.floor != nil : method.ownValidation?.hasFloor ?? false,
            headline: headlineName(samplers), floors: fixtures.reference.floors, extraMetricNames: method.extraMetricNames, totalSteps: settings.totalSteps)
        info.weightEMA = settings.weightEMA?.decay
        info.sampleFromEMA = settings.sampleFromEMA
        return info
    }

    /// The headline measure: the method's own sampler at its first evaluated step count (with the averaged
    /// weights when they draw the samples).
    private func headlineName(_ samplers: [Sampler]) -> String {
        guard let s = samplers.first, let m = s.evalSteps.first else { return "" }
        let name = s.prefix + fixtures.reference.headlineMeasure + s.suffix(steps: m)
        return settings.sampleFromEMA && !averages.isEmpty ? "ema_" + name : name
    }

    /// Validation columns, then every sampler's measures at each evaluated step count, then the method's extras;
    /// the same again prefixed `ema_` for the averaged weights (frozen samplers once).
    public var evaluationNames: [String] {
        let samplers = method.samplers
        return names(samplers, prefix: "", frozenToo: true) + (averages.isEmpty ? [] : names(samplers, prefix: "ema_", frozenToo: false))
    }

    private func names(_ samplers: [Sampler], prefix: String, frozenToo: Bool) -> [String] {
        var names: [String] = []
        if let v = method.validationField {
            names += [v.prefix + "val_loss"]
            if fixtures.validation.floor != nil { names += [v.prefix + "val_floor", v.prefix + "val_excess"] }
        }
        for s in samplers where frozenToo || !s.frozen {
            for m in s.evalSteps { names += Scores.names(fixtures.reference).map { s.prefix + $0 + s.suffix(steps: m) } }
        }
        if let l = method.likelihoodField {
            names += (fixtures.reference.entropy == nil ? ["flow_nll"] : ["flow_nll", "flow_kl", "flow_kl_half"]).map { l.prefix + $0 }
        }
        return (names + method.extraEvaluationNames).map { prefix + $0 }
    }

    // MARK: Evaluation

    public func evaluate(curves: Bool) -> Evaluation { evaluate(curves: curves, quick: false) }

    /// The cheap part (issue 24): validation, and the sampling weights' own samplers at up to `quickSteps` steps and
    /// the headline's; frozen samplers only once measured, no likelihood, no extras (but a validation among them). Costly ones follow at a lower
    /// cadence (`Trainer`) and the dashboard keeps their last values.
    public func evaluateQuickly(curves: Bool) -> Evaluation { evaluate(curves: curves, quick: true) }

    /// Step counts a quick evaluation samples at most (besides the headline's).
    static let quickSteps = 100

    private func evaluate(curves: Bool, quick: Bool) -> Evaluation {
        var e = Evaluation(step: step)
        var files: [(String, [Float])] = []
        var measured: [String: Double] = [:]
        let all = method.samplers
        let ownPass = !quick || averages.isEmpty || !settings.sampleFromEMA
        let samplers = quick ? quickSamplers(all) : all
        appendMeasures(ownPass ? samplers : samplers.filter(\.frozen), prefix: "", frozenToo: true, extras: !quick,
                       to: &e, files: &files, measured: &measured)
        if !averages.isEmpty && (!quick || settings.sampleFromEMA) {
            var averaged: [String: Double] = [:]
            withWeights(ema: true) {
                appendMeasures(samplers, prefix: "ema_", frozenToo: false, extras: !quick, to: &e, files: &files, measured: &averaged)
            }
            // Frozen samplers are measured in the first pass only: keep theirs, so the curves never re-run them.
            if settings.sampleFromEMA { measured.merge(averaged) { $1 } }
        }
        e.headline = headlineName(all)
        if quick { e.scope = .quick }
        if curves { e.curves = withWeights(ema: settings.sampleFromEMA) { qualityCurves(samplers, known: measured) } }
        progress?(nil)
        if !quick { lastSamples = (step, files) }
        return e
    }

    /// The samplers a quick evaluation runs: frozen ones only when already measured (free), each at its counts up to
    /// `quickSteps` and the headline's count, its curve at counts up to `quickSteps`.
    private func quickSamplers(_ samplers: [Sampler]) -> [Sampler] {
        samplers.enumerated().compactMap { i, s in
            var q = s
            if s.frozen { return s.evalSteps.allSatisfy { frozen["\(s.name)#\($0)"] != nil } ? s : nil }
            q.evalSteps = s.evalSteps.filter { $0 <= Self.quickSteps || (i == 0 && $0 == s.evalSteps.first) }
            q.curveSteps = s.curveSteps.filter { $0 <= Self.quickSteps }
            return q.evalSteps.isEmpty && q.curveSteps.isEmpty ? nil : q
        }
    }

    /// The validation, every sampler's measures and the method's extras of the weights in place now, named with
    /// `prefix` ("ema_" for the averaged weights, which skip frozen samplers: those do not depend on them).
    private func appendMeasures(_ samplers: [Sampler], prefix: String, frozenToo: Bool, extras: Bool = true, to e: inout Evaluation,
                                files: inout [(String, [Float])], measured: inout [String: Double]) {
        if let v = method.validationField {
            let r = fixtures.validation.evaluate(v.field)
            e.append(prefix + v.prefix + "val_loss", r.loss)
            if let floor = fixtures.validation.floor, let x = r.excess {
                e.append(prefix + v.prefix + "val_floor", floor)
                e.append(prefix + v.prefix + "val_excess", x)
            }
        }
        for s in samplers where frozenToo || !s.frozen {
            for m in s.evalSteps where !EvaluationCancellation.requested {
                let key = "\(s.name)#\(m)"
                let scores: Scores
                let samples: [Float]
                if s.frozen, let cached = frozen[key] {
                    (scores, samples) = cached
                } else {
                    progress?("evaluating \(s.name) at \(m) step\(m == 1 ? "" : "s")")
                    samples = s.run(fixtures.evalNoise, m, false).final
                    if EvaluationCancellation.requested { break }
                    scores = Scores(fixtures.reference.measure(samples), prefix: prefix + s.prefix, suffix: s.suffix(steps: m))
                    if s.frozen { frozen[key] = (scores, samples) }
                }
                files.append((prefix + s.prefix + (s.plainNames ? "samples" : "samples_\(m)") + ".csv", samples))
                e.append(contentsOf: scores.scalars)
                e.vectors += scores.vectors
                measured[key] = scores.headline
            }
        }
        if EvaluationCancellation.requested { return }
        guard extras else {
            // A method whose validation is one of its extras (diffusion) reports it in quick evaluations too: the
            // divergence rule and the validation chart need it at every evaluation.
            e.append(contentsOf: method.ownValidationScalars().map { (prefix + $0.0, $0.1) })
            return
        }
        if let l = method.likelihoodField { e.append(contentsOf: likelihood(l.field).map { (prefix + l.prefix + $0.0, $0.1) }) }
        if !method.extraEvaluationNames.isEmpty { progress?("evaluating \(method.name)'s extras") }
        e.append(contentsOf: method.extraEvaluation(noise: fixtures.evalNoise).map { (prefix + $0.0, $0.1) })
    }

    /// RK4 steps of the likelihood ODE by default (a field may ask for another count); the half count is reported too,
    /// so convergence shows (`flow_kl_half`).
    static let likelihoodSteps = 32

    /// Test NLL per 2D point (nats) of held-out data under the ODE model, and its excess over the data's exact
    /// entropy, KL(data ‖ model) = NLL − H, at the field's `likelihoodSteps` and at half as many RK4 steps.
    func likelihood(_ field: DivergenceField) -> [(String, Double)] {
        let x = Array(fixtures.reference.points.prefix(2 * settings.likelihoodPoints))
        let nll = { (steps: Int) in -odeLogLikelihood(field, points: x, steps: steps).reduce(0, +) / Double(x.count / 2) }
        let full = nll(field.likelihoodSteps)
        guard let h = fixtures.reference.entropy?.nats else { return [("flow_nll", full)] }
        return [("flow_nll", full), ("flow_kl", full - h), ("flow_kl_half", nll(field.likelihoodSteps / 2) - h)]
    }

    /// The headline measure against sampling steps, one series per sampler that has a curve.
    private func qualityCurves(_ samplers: [Sampler], known: [String: Double]) -> [NamedSeries] {
        samplers.filter { !$0.curveSteps.isEmpty }.map { s in
            NamedSeries(name: s.name, points: s.curveSteps.map { m in
                let key = "\(s.name)#\(m)"
                if EvaluationCancellation.requested { return SIMD2(Double(m), .nan) }
                let y = known[key] ?? fixtures.reference.headline(of: s.run(fixtures.evalNoise, m, false).final)
                return SIMD2(Double(m), y)
            })
        }
    }

    public func validationLoss() -> Double? {
        if let v = method.validationField { return fixtures.validation.evaluate(v.field).loss }
        guard let name = info.validationLossName else { return nil }
        return method.extraEvaluation(noise: fixtures.evalNoise).first { $0.0 == name }?.1
    }

    // MARK: Live picture

    public func snapshot() -> Snapshot {
        withWeights(ema: settings.sampleFromEMA) { liveSnapshot() }
    }

    private func liveSnapshot() -> Snapshot {
        var s = Snapshot(step: step)
        let samplers = method.samplers
        guard let own = samplers.first else {
            s.data = fixtures.snapshotData
            method.decorate(&s)
            return s
        }
        let live = method.liveSampler(exact: exactLive) ?? (exactLive ? (samplers.first { $0.exact } ?? own) : own)
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
        if let c = settings.dataset.pointCloud { j.set("dataset_file", object: c.summary()) }
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
        if command.changesTraining(ignoring: phaseCache?.ignores ?? []) { changedByHand = true }
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
        case .setWeightEMA(let decay):
            configuration += 1
            guard decay.isFinite, decay >= 0, decay < 1 else { throw CommandError("EMA decay must be in [0, 1), got \(decay)") }
            settings.weightEMA = decay > 0 ? WeightEMASettings(decay: decay, start: settings.weightEMA?.start ?? .weights) : nil
            if decay == 0 { settings.sampleFromEMA = false }
            adoptAverages()
            let text = decay > 0 ? "weight EMA \(formatNumber(decay)) from step \(step)" : "weight EMA off"
            return [.info(info), .changed(step: step, setting: "weight_ema", text: text)]
        case .setDataset(let d):
            configuration += 1
            settings.dataset = d
            restart()
            return [.reset, .info(info), .groups(optimizers.status), .changed(step: 0, setting: "dataset", text: "dataset \(d.label)")]
        case .reset:
            configuration += 1
            restart()
            return [.reset, .info(info), .groups(optimizers.status)]
        case .setOption(let key, let value):
            configuration += 1
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
        if phaseCache != nil { resumeFromCache() }
    }
}


/// One sampler's measures at one step count, named with its prefix and suffix. The floors are the same for every
/// sampler at the evaluation's size: they go to summary.json and the stats pane once, not into every row.
struct Scores {
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
