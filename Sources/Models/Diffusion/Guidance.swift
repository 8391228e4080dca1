/// Classifier-free guidance (Ho & Salimans 2021, eq. 6 with w = s − 1): ε̃ = ε(x, ∅) + s·(ε(x, c) − ε(x, ∅)).
/// s = 0 is the unconditional model, s = 1 the conditional one, s > 1 pushes samples towards where c is likelier.
public final class GuidedModel: EpsilonModel {
    public let base: EpsilonModel
    public var scale: Double
    private var unconditional: [Float] = []

    public init(_ base: EpsilonModel, scale: Double) {
        self.base = base
        self.scale = scale
    }

    /// Unconditional calls (condition nil) pass through; conditional ones mix both predictions.
    public func epsilon(_ x: [Float], level: NoiseLevel, condition: Int?, into out: inout [Float]) {
        guard let c = condition else { return base.epsilon(x, level: level, condition: nil, into: &out) }
        if unconditional.count != x.count { unconditional = [Float](repeating: 0, count: x.count) }
        base.epsilon(x, level: level, condition: nil, into: &unconditional)
        base.epsilon(x, level: level, condition: c, into: &out)
        let s = Float(scale)
        for j in 0..<x.count { out[j] = unconditional[j] + s * (out[j] - unconditional[j]) }
    }
}
