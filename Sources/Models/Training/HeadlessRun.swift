import Foundation

/// Trains an experiment without a terminal, logging metrics rows and evaluations as a table.
public final class HeadlessRun {
    public let experiment: Experiment
    /// The experiment's description and its step, for callers that only report them.
    public var info: ExperimentInfo { experiment.info }
    /// Steps trained: those up to the evaluation that found a divergence, when one aside did.
    public var step: Int { ending?.metrics.step ?? experiment.step }
    public let steps: Int
    public let logEvery: Int
    public let evalEvery: Int
    public private(set) var rows: [String] = []
    public private(set) var lastMetrics: StepMetrics?
    public private(set) var lastEvaluation: Evaluation?
    /// Why the run diverged under `DivergenceRule` (nil: it did not).
    public private(set) var divergence: String?
    public var diverged: Bool { divergence != nil }
    /// The rule, with the validation loss at step 0 as its baseline (set when `run` starts at step 0).
    public private(set) var rule: DivergenceRule?
    /// Phases begun and optimizer switches, with their steps (for summary.json).
    public private(set) var events: [TrainerEvent] = []
    /// Every evaluation with the wall-clock seconds since `run` began when its weights were taken (races compare runs by both).
    public private(set) var trace: [(seconds: Double, evaluation: Evaluation)] = []
    /// Wall-clock seconds `run` took.
    public private(set) var seconds = 0.0
    /// CPU seconds of training (the run's thread, its evaluations in place left out) and of evaluating (those in
    /// place, on the evaluator thread, and the step-0 validation): thread clocks, so the two add up to what the run
    /// cost apart from building the experiment.
    public private(set) var trainCPUSeconds = 0.0
    public private(set) var evalCPUSeconds = 0.0
    /// The part of `evalCPUSeconds` spent on the run's own thread.
    private var evalInPlaceCPUSeconds = 0.0
    /// Sees everything a dashboard would (info, groups, every step's metrics, events, each evaluation and a
    /// snapshot beside it), e.g. to record the run; nil costs nothing.
    public var observer: ((TrainerEvent) -> Void)?
    /// Evaluations run on a second thread, on weights copied at their step, while training goes on; off: on the
    /// training thread (one core per run: `lab claims` runs one preset per core, a race both runs at once).
    public var evaluatesAside = true

    public init(experiment: Experiment, steps: Int, logEvery: Int, evalEvery: Int) {
        self.experiment = experiment
        self.steps = steps
        self.logEvery = max(1, logEvery)
        self.evalEvery = evalEvery
    }

    /// Every CSV column: fixed step metrics, the experiment's extras, then its evaluation columns
    /// (blank between evaluations). Names are unique (tested for every preset).
    public var columns: [String] {
        ["step", "loss", "loss_ema", "lr", "optimizer", "batch"] + experiment.extraMetricNames + experiment.evaluationNames
    }

    public var header: String { columns.joined(separator: ",") }

    /// Runs until `steps` are done, `shouldStop()` turns true, or the run diverges (`DivergenceRule`: non-finite
    /// loss or parameters, or validation loss above 10× its step-0 value); `progress` sees every step.
    ///
    /// With `evaluatesAside`, each evaluation measures a copy of the weights taken at its step on a second thread while
    /// training goes on (issue 24): rows and observer events after that step wait for it, so the files and their order
    /// are those of an evaluation in place, and a divergence it finds ends the run at its step (`endedAt`). The last
    /// step is evaluated in place: nothing is left to overlap with.
    public func run(shouldStop: () -> Bool = { false }, progress: (StepMetrics) -> Void = { _ in }) {
        let start = Clock.now(), cpuStart = Clock.threadCPUSeconds(), inPlaceStart = evalInPlaceCPUSeconds
        defer {
            seconds += Clock.now() - start
            trainCPUSeconds += Clock.threadCPUSeconds() - cpuStart - (evalInPlaceCPUSeconds - inPlaceStart)
        }
        if rule == nil { rule = DivergenceRule(baseline: experiment.step == 0 ? evaluating { experiment.validationLoss() } : nil) }
        if let observer, experiment.step == 0 {
            observer(.info(experiment.info))
            observer(.groups(experiment.groupStatus))
        }
        let aside = evaluatesAside ? Evaluator(name: "evaluator") : nil
        aside?.start()
        defer {
            // Interrupted: the evaluation in flight is dropped (its row keeps blank measures), never waited for.
            aside?.stop(timeout: 30)
            evalCPUSeconds += aside?.cpuSeconds ?? 0
            releaseHeld()
        }
        while experiment.step < steps && !shouldStop() {
            let m = experiment.trainStep()
            let raised = experiment.takeEvents()
            events += raised
            notify(.metrics(m))
            raised.forEach(notify)
            lastMetrics = m
            progress(m)
            let stepVerdict = rule?.verdict(step: m.step, loss: m.loss, parametersFinite: experiment.isFinite)
            let diverging = stepVerdict != nil
            let isLast = m.step == steps
            let evalNow = isLast || diverging || (evalEvery > 0 && m.step % evalEvery == 0)
            if let aside, inFlight != nil, evalNow || aside.isIdle {
                // An earlier step's verdict comes first: wait for it before ending or evaluating again.
                if evalNow { aside.waitUntilIdle() }
                land(aside)
                if diverged { break }
            }
            guard m.step % logEvery == 0 || evalNow else {
                divergence = divergence ?? stepVerdict
                if diverged { break }
                continue
            }
            rows.append(row(m, nil))
            if evalNow && !diverging {
                let taken = Clock.now() - start
                if !isLast, let aside, case .started = aside.submit(.evaluateAndPicture(snapshot: observer != nil),
                                                                    refresh: { experiment.evaluationCopy(refreshing: $0) }) {
                    inFlight = InFlight(row: rows.count - 1, metrics: m, events: events.count, taken: taken,
                                        summary: experiment.summary())
                } else {
                    let e = evaluating { experiment.evaluate() }
                    record(e, metrics: m, row: rows.count - 1, taken: taken)
                    if let observer { observer(.snapshot(experiment.snapshot())) }
                }
            }
            divergence = divergence ?? stepVerdict
            if diverged { break }
        }
    }

    /// Evaluates now if the last row had no evaluation (after an interrupted run).
    public func finishEvaluation() {
        guard let m = lastMetrics, lastEvaluation?.step != m.step, m.loss.isFinite else { return }
        let e = evaluating { experiment.evaluate() }
        rows.append(row(m, nil))
        record(e, metrics: m, row: rows.count - 1, taken: seconds)
    }

    /// Runs an evaluation on this thread, its CPU time counted as evaluating.
    private func evaluating<T>(_ body: () -> T) -> T {
        let start = Clock.threadCPUSeconds()
        defer {
            let spent = Clock.threadCPUSeconds() - start
            evalCPUSeconds += spent
            evalInPlaceCPUSeconds += spent
        }
        return body()
    }

    // MARK: Evaluation aside

    /// An evaluation running on a copy of step `metrics.step`'s weights, and what the run looked like at that step.
    private struct InFlight {
        var row: Int
        var metrics: StepMetrics
        var events: Int
        var taken: Double
        var summary: JSONObject
    }

    /// A run ended by an evaluation aside: its step's metrics and experiment summary, and the copy of its weights.
    private struct Ending {
        var metrics: StepMetrics
        var summary: JSONObject
        var copy: Experiment?
    }

    private var inFlight: InFlight?
    private var ending: Ending?
    /// Observer events after the step in flight, delivered once its evaluation has been.
    private var held: [TrainerEvent] = []

    private func notify(_ e: TrainerEvent) {
        guard let observer else { return }
        if inFlight == nil { observer(e) } else { held.append(e) }
    }

    /// Delivers events held behind an evaluation that will not come (interrupted) or has come.
    private func releaseHeld() {
        inFlight = nil
        let out = held
        held.removeAll()
        if let observer { out.forEach(observer) }
    }

    /// Takes the finished evaluation aside into its row; a divergence it finds ends the run at its step.
    private func land(_ aside: Evaluator) {
        guard let f = inFlight else { return }
        for case .evaluatedAndPictured(let e, let picture) in aside.takeResults() {
            inFlight = nil
            record(e, metrics: f.metrics, row: f.row, taken: f.taken)
            if let picture { observer?(.snapshot(picture)) }
            if diverged {
                rows.removeSubrange((f.row + 1)...)
                events.removeSubrange(f.events...)
                lastMetrics = f.metrics
                held.removeAll()
                ending = Ending(metrics: f.metrics, summary: f.summary, copy: aside.idleCopy)
            } else {
                releaseHeld()
            }
        }
    }

    /// Fills row `row` (step `metrics.step`) with evaluation `e` and judges it.
    private func record(_ e: Evaluation, metrics m: StepMetrics, row: Int, taken: Double) {
        lastEvaluation = e
        trace.append((taken, e))
        rows[row] = self.row(m, e)
        observer?(.evaluated(e))
        divergence = divergence ?? judge(e)
    }

    /// The rule's verdict on an evaluation's validation loss.
    private func judge(_ e: Evaluation) -> String? {
        rule?.verdict(e, validationName: experiment.info.validationLossName)
    }

    private func row(_ m: StepMetrics, _ e: Evaluation?) -> String {
        var fields = [String(m.step), formatNumber(m.loss), formatNumber(m.lossEMA),
                      formatNumber(m.lr), m.optimizer.rawValue, String(m.batch)]
        fields += m.extra.map { formatNumber($0) }
        // A vector measure (mode shares) fills one column, its values joined by ';'.
        for name in experiment.evaluationNames {
            let text = e?[name].map { formatNumber($0) } ?? e?.vector(name).map { $0.map { formatNumber($0) }.joined(separator: ";") }
            fields.append(text ?? "")
        }
        return fields.joined(separator: ",")
    }

    /// The metrics table as CSV text.
    public var csv: String { ([header] + rows).joined(separator: "\n") + "\n" }

    /// summary.json: the run (preset, seed, steps, time), the last step's metrics, the experiment's own fields
    /// (reference, groups, phases) and the last evaluation, every number in full.
    public func summary(preset p: Preset, interrupted: Bool, cpuSeconds: Double) -> JSONObject {
        var j = JSONObject()
        j.set("preset", p.name)
        j.set("experiment", p.experiment.rawValue)
        j.set("seed", p.int("seed"))
        j.set("steps", step)
        j.set("steps_requested", steps)
        j.set("interrupted", interrupted)
        j.set("diverged", diverged)
        if let divergence { j.set("divergence", divergence) }
        if let b = rule?.baseline { j.set("val_loss_step0", b) }
        j.set("seconds", seconds)
        j.set("cpu_seconds", cpuSeconds)
        j.set("train_cpu_seconds", trainCPUSeconds)
        j.set("eval_cpu_seconds", evalCPUSeconds)
        j.set("steps_per_second", Double(step) / max(seconds, 1e-9))
        if let m = lastMetrics {
            j.set("optimizer", m.optimizer.rawValue)
            j.set("loss", m.loss)
            j.set("loss_ema", m.lossEMA)
            j.set("lr", m.lr)
            for (name, v) in zip(experiment.extraMetricNames, m.extra) { j.set(name, v) }
        }
        j.merge(ending?.summary ?? experiment.summary())
        if let e = lastEvaluation {
            for (name, value) in zip(e.names, e.values) { j.set(name, value) }
            for v in e.vectors { j.set(v.name, v.values) }
        }
        return j
    }

    /// Every file of a finished run: metrics.csv, the experiment's samples (unless its parameters are not finite), summary.json.
    public func files(preset p: Preset, interrupted: Bool, cpuSeconds: Double) -> [(name: String, contents: String)] {
        let last: Experiment = ending.map { $0.copy ?? experiment } ?? experiment
        return [("metrics.csv", csv)] + (last.isFinite && lastMetrics?.loss.isFinite != false ? last.outputs() : [])
            + [("summary.json", summary(preset: p, interrupted: interrupted, cpuSeconds: cpuSeconds).text() + "\n")]
    }
}
