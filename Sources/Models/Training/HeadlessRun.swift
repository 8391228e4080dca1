import Foundation

/// A Float for CSV/JSON: integers plainly, others in shortest round-trip form (0.001, not 0.00100000005).
public func formatNumber(_ v: Float) -> String {
    if !v.isFinite { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    if v == v.rounded(), abs(v) < 1e7 { return String(Int(v)) }
    return v.description
}

/// A Double for CSV/JSON: integers plainly, others in shortest round-trip form: the one number format of every
/// headless file.
public func formatNumber(_ v: Double) -> String {
    if !v.isFinite { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return v.description
}

/// Trains an experiment without a terminal, logging metrics rows and evaluations as a table.
public final class HeadlessRun {
    public let experiment: Experiment
    /// The experiment's description and its step, for callers that only report them.
    public var info: ExperimentInfo { experiment.info }
    public var step: Int { experiment.step }
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
    /// Every evaluation with the wall-clock seconds since `run` began (races compare runs by both).
    public private(set) var trace: [(seconds: Double, evaluation: Evaluation)] = []
    /// Wall-clock seconds `run` took.
    public private(set) var seconds = 0.0
    /// Sees everything a dashboard would (info, groups, every step's metrics, events, each evaluation and a
    /// snapshot beside it), e.g. to record the run; nil costs nothing.
    public var observer: ((TrainerEvent) -> Void)?

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
    public func run(shouldStop: () -> Bool = { false }, progress: (StepMetrics) -> Void = { _ in }) {
        let start = Clock.now()
        defer { seconds += Clock.now() - start }
        if rule == nil { rule = DivergenceRule(baseline: experiment.step == 0 ? experiment.validationLoss() : nil) }
        if let observer, experiment.step == 0 {
            observer(.info(experiment.info))
            observer(.groups(experiment.groupStatus))
        }
        while experiment.step < steps && !shouldStop() {
            let m = experiment.trainStep()
            let raised = experiment.takeEvents()
            events += raised
            if let observer {
                observer(.metrics(m))
                raised.forEach(observer)
            }
            lastMetrics = m
            progress(m)
            let stepVerdict = rule?.verdict(step: m.step, loss: m.loss, parametersFinite: experiment.isFinite)
            let diverging = stepVerdict != nil
            let isLast = m.step == steps
            let evalNow = isLast || diverging || (evalEvery > 0 && m.step % evalEvery == 0)
            if m.step % logEvery == 0 || evalNow {
                var e: Evaluation?
                if evalNow && !diverging {
                    e = experiment.evaluate()
                    lastEvaluation = e
                    trace.append((Clock.now() - start, e!))
                    if let observer {
                        observer(.evaluated(e!))
                        observer(.snapshot(experiment.snapshot()))
                    }
                    divergence = judge(e!)
                }
                rows.append(row(m, e))
            }
            divergence = divergence ?? stepVerdict
            if diverged { break }
        }
    }

    /// Evaluates now if the last row had no evaluation (after an interrupted run).
    public func finishEvaluation() {
        guard let m = lastMetrics, lastEvaluation?.step != m.step, m.loss.isFinite else { return }
        let e = experiment.evaluate()
        lastEvaluation = e
        rows.append(row(m, e))
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
        j.set("steps", experiment.step)
        j.set("steps_requested", steps)
        j.set("interrupted", interrupted)
        j.set("diverged", diverged)
        if let divergence { j.set("divergence", divergence) }
        if let b = rule?.baseline { j.set("val_loss_step0", b) }
        j.set("seconds", seconds)
        j.set("cpu_seconds", cpuSeconds)
        j.set("steps_per_second", Double(experiment.step) / max(seconds, 1e-9))
        if let m = lastMetrics {
            j.set("optimizer", m.optimizer.rawValue)
            j.set("loss", m.loss)
            j.set("loss_ema", m.lossEMA)
            j.set("lr", m.lr)
            for (name, v) in zip(experiment.extraMetricNames, m.extra) { j.set(name, v) }
        }
        j.merge(experiment.summary())
        if let e = lastEvaluation {
            for (name, value) in zip(e.names, e.values) { j.set(name, value) }
            for v in e.vectors { j.set(v.name, v.values) }
        }
        return j
    }

    /// Every file of a finished run: metrics.csv, the experiment's samples (unless its parameters are not finite), summary.json.
    public func files(preset p: Preset, interrupted: Bool, cpuSeconds: Double) -> [(name: String, contents: String)] {
        [("metrics.csv", csv)] + (experiment.isFinite && lastMetrics?.loss.isFinite != false ? experiment.outputs() : [])
            + [("summary.json", summary(preset: p, interrupted: interrupted, cpuSeconds: cpuSeconds).text() + "\n")]
    }
}

/// Writes 2D points as CSV with header `x,y`.
public func pointsCSV(_ points: [Float]) -> String {
    var s = "x,y\n"
    s.reserveCapacity(points.count * 12)
    for i in 0..<(points.count / 2) {
        s += formatNumber(points[2 * i]) + "," + formatNumber(points[2 * i + 1]) + "\n"
    }
    return s
}

/// Builds a JSON object for a summary, field by field in insertion order; it renders through `JSONValue`, the one JSON
/// type of every headless file, with numbers in `formatNumber`'s form.
public struct JSONObject {
    private var fields: [(String, JSONValue)] = []
    public init() {}

    public var isEmpty: Bool { fields.isEmpty }
    public mutating func set(_ key: String, _ v: Double) { fields.append((key, .number(v))) }
    public mutating func set(_ key: String, _ v: Float) { set(key, raw: v.isFinite ? formatNumber(v) : "null") }
    public mutating func set(_ key: String, _ v: Int) { fields.append((key, .integer(v))) }
    public mutating func set(_ key: String, _ v: String) { fields.append((key, .string(v))) }
    public mutating func set(_ key: String, _ v: Bool) { fields.append((key, .bool(v))) }
    public mutating func set(_ key: String, _ v: [Double]) {
        set(key, raw: "[" + v.map { OutputFormat.number($0, nonFinite: "null") }.joined(separator: ", ") + "]")
    }
    public mutating func set(_ key: String, object: JSONObject) { fields.append((key, object.value)) }
    /// A value already in JSON form (an array, a nested literal).
    public mutating func set(_ key: String, raw: String) { fields.append((key, .raw(raw))) }
    /// Appends every field of `other` (later keys after earlier ones).
    public mutating func merge(_ other: JSONObject) { fields += other.fields }

    public var value: JSONValue { .object(fields) }

    /// The object's text; `indent` spaces before its closing brace (it sits inside another object's text).
    public func text(indent: Int = 0) -> String { value.rendered(indent: indent / 2) }
}
