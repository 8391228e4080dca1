/// The noise-prediction net ε_θ(x_t, t, c): an MLP on [x, y, features(t), one-hot(c)]; the null class of
/// classifier-free guidance is the all-zero one-hot. Sampling runs on its own buffers, one batch per call.
public final class EpsilonNet: EpsilonModel, HasParameters {
    public let mlp: MLP
    public let time: TimeEncoding
    /// Classes the net is conditioned on (0: unconditional).
    public let classes: Int
    private let sampling: MLPWorkspace
    /// Buffers of the likelihood ODE's Jacobian passes, apart from sampling's.
    lazy var likelihoodWorkspace = MLPWorkspace(shape: mlp.shape)

    public init(shape: NetShape, classes: Int = 0, rng: inout RNG) {
        time = shape.time
        self.classes = classes
        mlp = MLP(MLPShape(input: 2 + shape.time.width + classes, hidden: shape.hidden, output: 2, activation: shape.activation), rng: &rng)
        sampling = MLPWorkspace(shape: mlp.shape)
    }

    public var parameters: [Parameter] { mlp.parameters }

    /// Writes row `i` of an input: position, time features, then the class one-hot (zeros for nil).
    @inline(__always)
    func fill(_ input: inout Matrix, row i: Int, x: Float, y: Float, t: Float, condition: Int?) {
        time.fillRow(&input, row: i, x: x, y: y, t: t)
        guard classes > 0 else { return }
        let w = input.cols, base = 2 + time.width
        input.data.withUnsafeMutableBufferPointer { p in
            let row = p.baseAddress! + i * w + base
            for c in 0..<classes { row[c] = 0 }
            if let c = condition { row[c] = 1 }
        }
    }

    /// Every row shares one level: its time features are computed once and copied into each row.
    public func epsilon(_ x: [Float], level: NoiseLevel, condition: Int?, into out: inout [Float]) {
        let n = x.count / 2
        sampling.prepare(batch: n)
        guard n > 0 else { return }
        fill(&sampling.input, row: 0, x: x[0], y: x[1], t: level.t, condition: condition)
        let w = sampling.input.cols
        sampling.input.data.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress!
            for i in 1..<n {
                let row = base + i * w
                row.update(from: base, count: w)
                row[0] = x[2 * i]
                row[1] = x[2 * i + 1]
            }
        }
        mlp.forward(sampling)
        sampling.output.data.withUnsafeBufferPointer { o in
            for j in 0..<(2 * n) { out[j] = o[j] }
        }
    }

    // MARK: Training rows

    public func prepareTraining(batch: Int) { mlp.workspace.prepare(batch: batch) }

    @inline(__always)
    public func setTrainingRow(_ i: Int, x: SIMD2<Float>, t: Float, condition: Int?) {
        fill(&mlp.workspace.input, row: i, x: x.x, y: x.y, t: t, condition: condition)
    }

    /// Forward on the training rows; mean ‖ε − ε̂‖² against `target`, its gradient stored for `trainingBackward`.
    public func trainingLoss(target: Matrix) -> Float {
        let ws = mlp.workspace
        mlp.forward(ws)
        return squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
    }

    public func trainingBackward() { mlp.backward(mlp.workspace) }
}

/// The DDPM objective (Ho et al. 2020, eq. 14, "L_simple"): x_t = √ᾱ_i x0 + √(1 − ᾱ_i) ε with i ~ U{1…T},
/// loss = mean ‖ε − ε_θ(x_t, i/T)‖².
public struct DenoisingObjective {
    private var target = Matrix(rows: 0, cols: 0)

    public init() {}

    /// Loss and gradients on `rows` examples; `draw` gives each a data point and its condition (nil: none or dropped).
    public mutating func lossAndGradient(_ net: EpsilonNet, schedule: NoiseSchedule, rows b: Int, rng: inout RNG,
                                         draw: (inout RNG) -> (x0: SIMD2<Float>, condition: Int?)) -> Float {
        net.prepareTraining(batch: b)
        if target.rows != b { target = Matrix(rows: b, cols: 2) }
        for i in 0..<b {
            let (x0, c) = draw(&rng)
            let level = schedule.level(1 + rng.int(below: schedule.steps))
            let e = SIMD2(rng.normalFloat(), rng.normalFloat())
            let xt = Float(level.alphaBar.squareRoot()) * x0 + Float((1 - level.alphaBar).squareRoot()) * e
            net.setTrainingRow(i, x: xt, t: level.t, condition: c)
            target.data[2 * i] = e.x
            target.data[2 * i + 1] = e.y
        }
        let loss = net.trainingLoss(target: target)
        net.trainingBackward()
        return loss
    }
}
