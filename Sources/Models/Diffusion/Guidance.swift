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

/// Classifier guidance (Dhariwal & Nichol 2021, Algorithm 2 in ε form): on the unconditional ε-model,
/// ε̃ = ε(x_t, ∅) − s·√(1 − ᾱ_t)·∇ₓ log p(c | x_t), i.e. the score of p(x_t)·p(c | x_t)^s. With the exact classifier
/// and denoiser it equals classifier-free guidance at the same s: ∇ log p(c | x) = ∇ log p(x | c) − ∇ log p(x).
public final class ClassifierGuidedModel: EpsilonModel {
    public let base: EpsilonModel
    public let classifier: NoisyClassifier
    public var scale: Double
    private var gradient: [Float] = []

    public init(_ base: EpsilonModel, classifier: NoisyClassifier, scale: Double) {
        self.base = base
        self.classifier = classifier
        self.scale = scale
    }

    /// Unconditional calls (condition nil) pass through; conditional ones add the classifier's push.
    public func epsilon(_ x: [Float], level: NoiseLevel, condition: Int?, into out: inout [Float]) {
        base.epsilon(x, level: level, condition: nil, into: &out)
        guard let c = condition, scale != 0 else { return }
        if gradient.count != x.count { gradient = [Float](repeating: 0, count: x.count) }
        classifier.logPosteriorGradient(x, level: level, label: c, into: &gradient)
        let k = Float(scale * (1 - level.alphaBar).squareRoot())
        for j in 0..<x.count { out[j] -= k * gradient[j] }
    }
}
