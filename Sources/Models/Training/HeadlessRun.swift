import Foundation

/// Formats a number for CSV/JSON: integers plainly, others with enough digits to round-trip a Float.
public func formatNumber(_ v: Double) -> String {
    if !v.isFinite { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
    if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
    return String(format: "%.9g", v)
}

/// Trains an experiment without a terminal, logging metrics rows and evaluations as a table.
public final class HeadlessRun {
    public let experiment: Experiment
    public let steps: Int
    public let logEvery: Int
    public let evalEvery: Int
    public private(set) var rows: [String] = []
    public private(set) var lastMetrics: StepMetrics?
    public private(set) var lastEvaluation: Evaluation?
    public private(set) var diverged = false
    public private(set) var switches: [(step: Int, to: OptimizerKind)] = []

    public init(experiment: Experiment, steps: Int, logEvery: Int, evalEvery: Int) {
        self.experiment = experiment
        self.steps = steps
        self.logEvery = max(1, logEvery)
        self.evalEvery = evalEvery
    }

    /// CSV header: fixed step metrics, the experiment's extras, then its evaluation columns (blank between evaluations).
    public var header: String {
        (["step", "loss", "loss_ema", "lr", "optimizer", "batch"] + experiment.extraMetricNames + experiment.evaluationNames)
            .joined(separator: ",")
    }

    /// Runs until `steps` are done, `shouldStop()` turns true, or the loss diverges; `progress` sees every step.
    public func run(shouldStop: () -> Bool = { false }, progress: (StepMetrics) -> Void = { _ in }) {
        while experiment.step < steps && !shouldStop() {
            let m = experiment.trainStep()
            lastMetrics = m
            progress(m)
            let diverging = !m.loss.isFinite
            let isLast = m.step == steps
            let evalNow = isLast || diverging || (evalEvery > 0 && m.step % evalEvery == 0)
            if m.step % logEvery == 0 || evalNow {
                var e: Evaluation?
                if evalNow && !diverging {
                    e = experiment.evaluate()
                    lastEvaluation = e
                }
                rows.append(row(m, e))
            }
            if diverging {
                diverged = true
                break
            }
        }
    }

    /// Evaluates now if the last row had no evaluation (after an interrupted run).
    public func finishEvaluation() {
        guard let m = lastMetrics, lastEvaluation?.step != m.step, m.loss.isFinite else { return }
        let e = experiment.evaluate()
        lastEvaluation = e
        rows.append(row(m, e))
    }

    private func row(_ m: StepMetrics, _ e: Evaluation?) -> String {
        var fields = [String(m.step), formatNumber(Double(m.loss)), formatNumber(Double(m.lossEMA)),
                      formatNumber(Double(m.lr)), m.optimizer.rawValue, String(m.batch)]
        fields += m.extra.map { formatNumber(Double($0)) }
        for name in experiment.evaluationNames {
            fields.append(e?[name].map(formatNumber) ?? "")
        }
        return fields.joined(separator: ",")
    }

    /// The metrics table as CSV text.
    public var csv: String { ([header] + rows).joined(separator: "\n") + "\n" }
}

/// Writes 2D points as CSV with header `x,y`.
public func pointsCSV(_ points: [Float]) -> String {
    var s = "x,y\n"
    s.reserveCapacity(points.count * 12)
    for i in 0..<(points.count / 2) {
        s += formatNumber(Double(points[2 * i])) + "," + formatNumber(Double(points[2 * i + 1])) + "\n"
    }
    return s
}

/// A small JSON object writer for summaries (keys in insertion order, numbers formatted like the CSVs).
public struct JSONObject {
    private var fields: [(String, String)] = []
    public init() {}

    public mutating func set(_ key: String, _ v: Double) { fields.append((key, v.isFinite ? formatNumber(v) : "null")) }
    public mutating func set(_ key: String, _ v: Int) { fields.append((key, String(v))) }
    public mutating func set(_ key: String, _ v: String) { fields.append((key, Self.quote(v))) }
    public mutating func set(_ key: String, _ v: Bool) { fields.append((key, v ? "true" : "false")) }
    public mutating func set(_ key: String, object: JSONObject) { fields.append((key, object.text(indent: 2))) }
    public mutating func set(_ key: String, raw: String) { fields.append((key, raw)) }

    public func text(indent: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent + 2)
        let body = fields.map { "\(pad)\(Self.quote($0.0)): \($0.1)" }.joined(separator: ",\n")
        return "{\n" + body + "\n" + String(repeating: " ", count: indent) + "}"
    }

    static func quote(_ s: String) -> String { OutputFormat.quoted(s) }
}
