import Foundation

/// A classifier of noisy points, p(c | x_t) at a noise level, as classifier guidance needs it: the gradient
/// ∇ₓ log p(c | x_t) at every row of a batch (Dhariwal & Nichol 2021, §4).
public protocol NoisyClassifier: AnyObject {
    /// Fills `grad` (n×2) with ∇ₓ log p(`label` | x_t) at the rows of `x` (n×2), all at one level.
    func logPosteriorGradient(_ x: [Float], level: NoiseLevel, label: Int, into grad: inout [Float])
}

/// A time-conditioned classifier: an MLP on [x, y, features(t)] (the ε-net's time encoding) to one logit per class,
/// trained by cross-entropy on the ε-net's own noisy rows; its input gradient is one hand-written backward pass.
public final class NoisyClassifierNet: NoisyClassifier, HasParameters {
    public let mlp: MLP
    public let time: TimeEncoding
    public let classes: Int
    private let sampling: MLPWorkspace
    private var labels: [Int32] = []

    public init(hidden: [Int], activation: Activation, time: TimeEncoding, classes: Int, rng: inout RNG) {
        self.time = time
        self.classes = classes
        mlp = MLP(MLPShape(input: 2 + time.width, hidden: hidden, output: classes, activation: activation), rng: &rng)
        sampling = MLPWorkspace(shape: mlp.shape)
    }

    public var parameters: [Parameter] { mlp.parameters }
    public var allFinite: Bool { parameters.allSatisfy { $0.value.data.allSatisfy(\.isFinite) } }

    /// Logits at the rows of `x` (n×2) at one level, as a flat n×classes array (for tests and measures).
    public func logits(_ x: [Float], level: NoiseLevel) -> [Float] {
        forward(x, level: level)
        return Array(sampling.output.data.prefix(x.count / 2 * classes))
    }

    private func forward(_ x: [Float], level: NoiseLevel) {
        let n = x.count / 2
        sampling.prepare(batch: n)
        for i in 0..<n { time.fillRow(&sampling.input, row: i, x: x[2 * i], y: x[2 * i + 1], t: level.t) }
        mlp.forward(sampling)
    }

    /// ∂ log softmax(z)_c / ∂z = onehot(c) − softmax(z), backpropagated to the input's two position columns. The pass
    /// writes the parameters' gradients too, which the next training step overwrites.
    public func logPosteriorGradient(_ x: [Float], level: NoiseLevel, label: Int, into grad: inout [Float]) {
        let n = x.count / 2
        guard n > 0 else { return }
        forward(x, level: level)
        let k = classes
        sampling.output.data.withUnsafeBufferPointer { z in
            sampling.outputGrad.data.withUnsafeMutableBufferPointer { g in
                for r in 0..<n {
                    let out = g.baseAddress! + r * k
                    let sum = SoftmaxCrossEntropy.unnormalisedSoftmax(z.baseAddress! + r * k, into: out, count: k).sum
                    for c in 0..<k { out[c] = -out[c] / sum }
                    out[label] += 1
                }
            }
        }
        mlp.backward(sampling, inputGrad: true)
        let w = sampling.inputGrad.cols
        sampling.inputGrad.data.withUnsafeBufferPointer { d in
            for r in 0..<n {
                grad[2 * r] = d[r * w]
                grad[2 * r + 1] = d[r * w + 1]
            }
        }
    }

    /// Cross-entropy on the first `rows` rows of `inputs` (their leading 2 + time-width columns: the ε-net's noisy
    /// [x_t, features(t)]) against `labels`; gradients into the parameters.
    public func lossAndGradient(inputs: Matrix, labels given: [Int], rows b: Int) -> Float {
        let ws = mlp.workspace
        ws.prepare(batch: b)
        if labels.count != b { labels = [Int32](repeating: 0, count: b) }
        let w = ws.input.cols, src = inputs.cols
        precondition(src >= w && inputs.rows >= b, "classifier inputs too narrow")
        inputs.data.withUnsafeBufferPointer { s in
            ws.input.data.withUnsafeMutableBufferPointer { d in
                for r in 0..<b { (d.baseAddress! + r * w).update(from: s.baseAddress! + r * src, count: w) }
            }
        }
        for r in 0..<b { labels[r] = Int32(given[r]) }
        mlp.forward(ws)
        let loss = SoftmaxCrossEntropy.lossAndGradient(logits: ws.output, labels: labels, grad: &ws.outputGrad)
        mlp.backward(ws)
        return loss
    }
}

/// The exact noisy classifier of a labelled Gaussian mixture: x_t | k ~ N(√ᾱ μ_k, (ᾱs² + 1 − ᾱ) I), so
/// ∇ log p(c | x_t) = ∇ log p_t(x_t | c) − ∇ log p_t(x_t), both responsibility-weighted sums of the components' scores.
public final class ExactNoisyClassifier: NoisyClassifier {
    private let all: MixtureTable
    private let byClass: [MixtureTable]

    public init(_ m: GaussianMixture) {
        all = MixtureTable(m)
        byClass = (0..<max(m.classCount, 1)).map { MixtureTable(m.restricted(toClass: $0)) }
    }

    public func logPosteriorGradient(_ x: [Float], level: NoiseLevel, label: Int, into grad: inout [Float]) {
        for i in 0..<(x.count / 2) {
            let p = SIMD2(Double(x[2 * i]), Double(x[2 * i + 1]))
            let g = byClass[label].score(p, alphaBar: level.alphaBar) - all.score(p, alphaBar: level.alphaBar)
            grad[2 * i] = Float(g.x)
            grad[2 * i + 1] = Float(g.y)
        }
    }
}
