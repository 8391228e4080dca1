import Foundation

/// When a run counts as diverged (issue 18): its loss or parameters are not finite, or its validation loss
/// exceeds `factor` × its value at step 0. One rule for the dashboard's trainer thread and headless runs, so a
/// run that "finishes" with val_loss 2281 from 19 at step 0 is reported as what it is.
public struct DivergenceRule: Sendable, Equatable {
    /// How far above its step-0 value the validation loss may rise.
    public static let factor = 10.0
    /// The validation loss at step 0 (nil: the experiment has none, or it was not finite).
    public let baseline: Double?

    public init(baseline: Double?) {
        self.baseline = baseline.flatMap { $0.isFinite && $0 > 0 ? $0 : nil }
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
        guard let b = baseline, v > Self.factor * b else { return nil }
        return "\(name) \(Self.short(v)) at step \(e.step) exceeds \(formatNumber(Self.factor))× its step-0 value \(Self.short(b))"
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
