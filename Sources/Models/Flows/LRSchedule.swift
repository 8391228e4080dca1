import Foundation

/// A learning-rate multiplier over training steps (the optimizer keeps the user's LR; the schedule scales each step).
public enum LRSchedule: String, CaseIterable, Sendable {
    case constant
    /// TARFLOW's CosineLRSchedule (apple/ml-tarflow, utils.py): linear warm-up, then ½(1 + cos πt) down to `floor`,
    /// which it keeps past the last step (a live run may go on).
    case cosine

    public func scale(step: Int, warmup: Int, total: Int, floor: Float = 1e-3) -> Float {
        guard self == .cosine else { return 1 }
        if step < warmup { return floor + Float(step + 1) / Float(warmup) * (1 - floor) }
        let t = min(1, Double(step - warmup) / Double(max(total - warmup, 1)))
        return floor + Float(0.5 * (1 + cos(Double.pi * t))) * (1 - floor)
    }
}
