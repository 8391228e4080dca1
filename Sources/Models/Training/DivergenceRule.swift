import Foundation

/// When a run counts as diverged (issue 18): its loss or parameters are not finite, or its validation loss
/// exceeds `factor` × its value at step 0. One rule for the dashboard's trainer thread and headless runs, so a
/// run that "finishes" with val_loss 2281 from 19 at step 0 is reported as what it is. Sweep cells and muP cells use
/// it too: a diverged cell is NaN in sweep.csv and counted in fit.json, never kept as a loss.
public struct DivergenceRule: Sendable, Equatable {
    /// How far above its step-0 value the validation loss may rise.
    public static let factor = 10.0
    /// The validation loss at step 0 (nil: the experiment has none, or it was not finite).
    public let baseline: Double?
    /// This rule's bound over the baseline: `factor`, or a sweep's own stated bound (`SweepSettings.divergenceFactor`).
    public let bound: Double

    public init(baseline: Double?, factor: Double = DivergenceRule.factor) {
        self.baseline = baseline.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
        bound = factor
    }

    /// The rule for an experiment's current (step-0) weights.
    public init(_ experiment: Experiment) {
        self.init(baseline: experiment.validationLoss())
    }

    /// Why a training step diverged, or nil: the loss or the parameters are not finite.
    public func verdict(step: Int, loss: Float, parametersFinite: Bool) -> String? {
        if !loss.isFinite { return "loss became \(formatNumber(loss)) at step \(step)" }
        if !parametersFinite { return "parameters became non-finite at step \(step)" }
        return nil
    }

    /// Why an evaluation shows divergence, or nil: its validation loss is not finite or exceeds factor × baseline.
    public func verdict(_ e: Evaluation, validationName: String?) -> String? {
        guard let name = validationName, let v = e[name] else { return nil }
        if !v.isFinite { return "\(name) became \(formatNumber(v)) at step \(e.step)" }
        guard let b = baseline, v > bound * b else { return nil }
        return "\(name) \(Self.short(v)) at step \(e.step) exceeds \(formatNumber(bound))× its step-0 value \(Self.short(b))"
    }

    /// Whether a loss shows divergence: not finite, or above `bound` × the baseline (a sweep cell's check).
    public func exceeded(by loss: Float) -> Bool {
        guard loss.isFinite else { return true }
        guard let b = baseline else { return false }
        return Double(loss) > bound * b
    }

    /// The rule in words, for a sweep's fit.json.
    public static func text(factor: Double = DivergenceRule.factor, watching what: String) -> String {
        "diverged: a non-finite loss or parameters, or \(what) above \(formatNumber(factor))x its value at step 0"
    }
}

extension DivergenceRule {
    /// Three significant figures, for the one-line message.
    static func short(_ v: Double) -> String { String(format: "%.3g", v) }
}

extension ExperimentInfo {
    /// The evaluation's validation-loss column the divergence rule watches, if the experiment has one.
    public var validationLossName: String? { validationPrefix.map { $0 + "val_loss" } }
}
