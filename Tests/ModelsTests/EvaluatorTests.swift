import Foundation
import Testing
@testable import Models

/// A shipped preset, small, on the experiment core.
private func smallExperiment(_ name: String, _ overrides: [String] = []) throws -> GenerativeExperiment {
    try #require(smallPreset(name, overrides).makeExperiment() as? GenerativeExperiment)
}

/// Every number of an evaluation as bits (NaN equals NaN), with its names: equal only when bit-identical.
private func bits(_ e: Evaluation) -> [String] {
    let d = { (x: Double) in String(x.bitPattern, radix: 16) }
    return ["step \(e.step)", e.headline] + zip(e.names, e.values).map { "\($0) \(d($1))" }
        + e.vectors.map { "\($0.name) " + $0.values.map(d).joined(separator: ",") }
        + e.curves.map { "\($0.name) " + $0.points.map { d($0.x) + ":" + d($0.y) }.joined(separator: ",") }
}

@Suite struct EvaluationCopyTests {
    /// The copy taken at a step evaluates bit-identically to the live experiment at that step, before and after a
    /// phase change (the copy is refreshed in place, following the live phase).
    @Test(arguments: [
        ("reflow-mixture", ["hidden=16,16"], [30, 60]),
        ("reflow2", ["hidden=16,16", "teacher_steps=20", "pairs=512", "pair_steps=8", "flow_ema=0.9"], [10, 40]),
        ("sid", ["hidden=16,16", "teacher_steps=20", "generator_ema=0.9"], [10, 40]),
        ("ddpm", ["hidden=16,16", "timesteps=100", "step_counts=5,10"], [10, 30]),
    ])
    func aCopyEvaluatesLikeTheLiveExperiment(_ name: String, _ overrides: [String], _ steps: [Int]) throws {
        // One BLAS thread, as `lab` runs: a thread count changed mid-test (the scaling tests pin it) moves the last bits.
        BLAS.useSingleThread()
        let live = try smallExperiment(name, overrides)
        var copy: Experiment?
        for s in steps {
            live.train(to: s)
            copy = live.evaluationCopy(refreshing: copy)
            let c = try #require(copy)
            #expect(c !== live)
            #expect(c.step == s)
            let mine = bits(c.evaluate(curves: true)), theirs = bits(live.evaluate(curves: true))
            #expect(mine == theirs, "\(name) at step \(s): first difference \(zip(mine, theirs).first { $0 != $1 }.map { "\($0)" } ?? "in length")")
            #expect(c.snapshot().samples == live.snapshot().samples)
        }
        let g = try #require(copy as? GenerativeExperiment)
        #expect(g.phase == live.phase && live.phase == live.method.phases.count - 1, "the copy followed the live phase")
    }

    /// Every other shipped method on the core: its copy evaluates and pictures like the live one, across its phases.
    @Test(arguments: ["moe-balance", "shortcut", "consistency", "distill", "tarflow", "vq", "vq-collapse", "infonce", "cfg",
                      "ddcm", "ema", "ema-flow", "accumulate"])
    func everyMethodsCopyEvaluatesLikeTheLiveOne(_ name: String) throws {
        // One BLAS thread, as `lab` runs: a thread count changed mid-test (the scaling tests pin it) moves the last bits.
        BLAS.useSingleThread()
        var p = try smallPreset(name)
        let small = ["hidden=16,16", "teacher_steps=15", "reflow_steps=10", "pairs=512", "pair_steps=8", "timesteps=100",
                     "step_counts=5,10", "test_size=256", "batch=64"]
        for a in small where p.experiment.schema.contains(where: { a.hasPrefix($0.name + "=") }) { try p.set(a) }
        let live = try #require(p.makeExperiment() as? GenerativeExperiment)
        var copy: Experiment?
        for s in [5, 30] {
            live.train(to: s)
            copy = live.evaluationCopy(refreshing: copy)
            let c = try #require(copy)
            let mine = bits(c.evaluate(curves: true)), theirs = bits(live.evaluate(curves: true))
            #expect(mine == theirs, "\(name) at step \(s): first difference \(zip(mine, theirs).first { $0 != $1 }.map { "\($0)" } ?? "in length")")
            let a = c.snapshot(), b = live.snapshot()
            #expect(a.samples == b.samples && a.histogram == b.histogram && a.pointSets == b.pointSets, "\(name)'s live picture at step \(s)")
        }
    }

    /// Training the live experiment after the copy was taken leaves the copy's weights alone.
    @Test func aCopyKeepsTheWeightsOfItsStep() throws {
        let live = try smallExperiment("reflow-mixture", ["hidden=16,16"])
        live.train(to: 20)
        let c = try #require(live.evaluationCopy(refreshing: nil))
        let before = bits(c.evaluate())
        live.train(to: 40)
        #expect(bits(c.evaluate()) == before)
        #expect(bits(c.evaluate()) != bits(live.evaluate()))
    }

    /// A reset or an option makes the old copy unfit: a new one is built.
    @Test func aResetBuildsANewCopy() throws {
        let live = try smallExperiment("reflow-mixture", ["hidden=16,16"])
        let first = try #require(live.evaluationCopy(refreshing: nil))
        #expect(live.evaluationCopy(refreshing: first) === first)
        _ = try live.apply(.reset)
        #expect(live.evaluationCopy(refreshing: first) !== first)
    }
}

/// A reflow experiment whose evaluations take `seconds` (sleeping in slices, stopping early when cancelled) and report
/// `validation` as val_loss when given; its copies are the same kind.
private final class SlowExperiment: Experiment, @unchecked Sendable {
    let base: GenerativeExperiment
    let seconds: Double
    let validation: Double?
    let log: SlowLog

    init(_ base: GenerativeExperiment, seconds: Double, validation: Double? = nil, log: SlowLog) {
        self.base = base
        self.seconds = seconds
        self.validation = validation
        self.log = log
    }

    var step: Int { base.step }
    var extraMetricNames: [String] { base.extraMetricNames }
    var evaluationNames: [String] { base.evaluationNames }
    var info: ExperimentInfo { base.info }
    var groupStatus: [GroupStatus] { base.groupStatus }
    func trainStep() -> StepMetrics { base.trainStep() }
    func snapshot() -> Snapshot { base.snapshot() }
    func apply(_ command: TrainerCommand) throws -> [TrainerEvent] { try base.apply(command) }
    var isFinite: Bool { base.isFinite }
    func validationLoss() -> Double? { base.validationLoss() }
    func outputs() -> [(name: String, contents: String)] { base.outputs() }
    func summary() -> JSONObject { base.summary() }
    func takeEvents() -> [TrainerEvent] { base.takeEvents() }
    var progress: ((String?) -> Void)? {
        get { base.progress }
        set { base.progress = newValue }
    }

    func evaluate(curves: Bool) -> Evaluation {
        log.start()
        let end = Clock.now() + seconds
        while Clock.now() < end && !EvaluationCancellation.requested { usleep(1000) }
        var e = base.evaluate(curves: false)
        // The step-0 evaluation is the divergence rule's baseline: the forced value stands for a loss that blew up later.
        if let v = validation, e.step > 0 { e = Evaluation(step: e.step, names: ["val_loss"], values: [v]) }
        log.finish()
        return e
    }

    func evaluationCopy(refreshing previous: Experiment?) -> Experiment? {
        let old = (previous as? SlowExperiment)?.base
        return (base.evaluationCopy(refreshing: old) as? GenerativeExperiment).map { SlowExperiment($0, seconds: seconds, validation: validation, log: log) }
    }
}

/// How many slow evaluations started and finished, across threads.
private final class SlowLog: @unchecked Sendable {
    private let lock = NSLock()
    private var counts = (started: 0, finished: 0)
    func start() { lock.withLock { counts.started += 1 } }
    func finish() { lock.withLock { counts.finished += 1 } }
    var started: Int { lock.withLock { counts.started } }
    var finished: Int { lock.withLock { counts.finished } }
}

private func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let end = Clock.now() + seconds
    while Clock.now() < end {
        if condition() { return true }
        usleep(2000)
    }
    return false
}

@Suite(.serialized) struct EvaluatorThreadTests {
    /// The step-0 evaluation takes 1.5 s on the evaluator thread; training steps on meanwhile.
    @Test func trainingStepsWhileAnEvaluationRuns() {
        let log = SlowLog()
        let trainer = Trainer(experiment: SlowExperiment(.reflow(.small()), seconds: 1.5, log: log))
        trainer.start()
        defer { #expect(trainer.stop()) }
        var maxStep = 0
        var first: Evaluation?
        #expect(waitUntil(20) {
            maxStep = max(maxStep, trainer.channel.drainMetrics().map(\.step).max() ?? 0)
            for e in trainer.channel.drainEvents() { if case .evaluated(let ev) = e, first == nil { first = ev } }
            return first != nil
        })
        #expect(first?.step == 0, "the first evaluation measures step 0")
        #expect(maxStep >= 20, "only \(maxStep) steps during a 1.5 s evaluation: training waited for it")
    }

    /// `stop()` during a long evaluation cancels it and joins the threads at once.
    @Test func stopDuringAnEvaluationReturnsPromptly() {
        let log = SlowLog()
        let trainer = Trainer(experiment: SlowExperiment(.reflow(.small()), seconds: 60, log: log))
        trainer.start()
        #expect(waitUntil(20) { log.started > 0 })
        usleep(100_000)
        let start = Clock.now()
        #expect(trainer.stop())
        let took = Clock.now() - start
        #expect(took < 0.5, "stop took \(took) s")
        #expect(log.finished == log.started, "stop returned while an evaluation was still running")
    }

    /// `q` during a 1000-step DDPM evaluation: the reverse-diffusion loop breaks out and every thread is joined.
    @Test func stopDuringAThousandStepSamplerReturnsPromptly() throws {
        let e = try smallExperiment("ddpm", ["hidden=64,64", "eval_samples=2000"])
        let trainer = Trainer(experiment: e)
        trainer.start()
        var sampling = false
        #expect(waitUntil(60) {
            for ev in trainer.channel.drainEvents() { if case .busy(let t?) = ev, t.contains("at 1000 steps") { sampling = true } }
            _ = trainer.channel.drainMetrics()
            return sampling
        })
        usleep(200_000)
        let start = Clock.now()
        #expect(trainer.stop())
        let took = Clock.now() - start
        #expect(took < 0.5, "stop took \(took) s")
    }

    /// An evaluation that breaks the divergence rule pauses training at the next step boundary.
    @Test func aDivergingEvaluationPausesTraining() {
        let log = SlowLog()
        let trainer = Trainer(experiment: SlowExperiment(.reflow(.small()), seconds: 0.2, validation: 1e9, log: log))
        trainer.start()
        defer { #expect(trainer.stop()) }
        var message = "", paused = false
        #expect(waitUntil(20) {
            for e in trainer.channel.drainEvents() {
                if case .diverged(_, let m) = e { message = m }
                if case .paused(true) = e, !message.isEmpty { paused = true }
            }
            _ = trainer.channel.drainMetrics()
            return paused
        })
        #expect(message.contains("val_loss") && message.contains("paused"), "\(message)")
        usleep(100_000)
        _ = trainer.channel.drainMetrics()
        usleep(200_000)
        #expect(trainer.channel.drainMetrics().isEmpty, "training stopped after the verdict")
    }
}
