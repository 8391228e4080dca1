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
    /// The samplers' and the likelihood's narrowed nets, when the fused kernels fit (nil: the full input on `sampling`).
    private lazy var sharedSampling: SharedLevelForward? = SharedLevelForward.fits(mlp) ? SharedLevelForward(mlp) : nil
    lazy var sharedLikelihood: SharedLevelForward? = SharedLevelForward.fits(mlp) ? SharedLevelForward(mlp) : nil

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
        fillCondition(&input, row: i, condition: condition)
    }

    /// Row `i`'s class one-hot after its position and time features (nothing without classes).
    @inline(__always)
    private func fillCondition(_ input: inout Matrix, row i: Int, condition: Int?) {
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
        let ws: MLPWorkspace
        if FusedLayers.allowed, let shared = sharedSampling {
            shared.run(self, x, t: level.t, condition: condition)
            ws = shared.workspace
        } else {
            guard fillSharedLevel(sampling, x, t: level.t, condition: condition) else { return }
            mlp.forward(sampling)
            ws = sampling
        }
        ws.output.data.withUnsafeBufferPointer { o in
            for j in 0..<(x.count) { out[j] = o[j] }
        }
    }

    /// Fills `ws` with one row per point of `x` (n×2), all at time `t`: the features are computed for the first row and
    /// copied into the others (the samplers and the likelihood run whole batches at one level). False when `x` is empty.
    func fillSharedLevel(_ ws: MLPWorkspace, _ x: [Float], t: Float, condition: Int?) -> Bool {
        let n = x.count / 2
        ws.prepare(batch: n)
        guard n > 0 else { return false }
        fill(&ws.input, row: 0, x: x[0], y: x[1], t: t, condition: condition)
        let w = ws.input.cols
        ws.input.data.withUnsafeMutableBufferPointer { p in
            let base = p.baseAddress!
            for i in 1..<n {
                let row = base + i * w
                row.update(from: base, count: w)
                row[0] = x[2 * i]
                row[1] = x[2 * i + 1]
            }
        }
        return true
    }

    // MARK: Training rows

    public func prepareTraining(batch: Int) { mlp.workspace.prepare(batch: batch) }

    @inline(__always)
    public func setTrainingRow(_ i: Int, x: SIMD2<Float>, t: Float, condition: Int?) {
        fill(&mlp.workspace.input, row: i, x: x.x, y: x.y, t: t, condition: condition)
    }

    /// The same row with its time features already computed (`time.width` floats, as `time.encode` writes them).
    @inline(__always)
    public func setTrainingRow(_ i: Int, x: SIMD2<Float>, timeFeatures: UnsafePointer<Float>, condition: Int?) {
        let w = mlp.workspace.input.cols, width = time.width
        mlp.workspace.input.data.withUnsafeMutableBufferPointer { p in
            let row = p.baseAddress! + i * w
            row[0] = x.x
            row[1] = x.y
            (row + 2).update(from: timeFeatures, count: width)
        }
        fillCondition(&mlp.workspace.input, row: i, condition: condition)
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
    /// Row i − 1 holds the time features of level i (the levels are discrete: computing them once per level instead of
    /// once per row is the same floats for a fraction of the sin/cos; issue 28), for `tableTime` over `tableSteps`.
    private var timeTable: [Float] = []
    private var tableTime: TimeEncoding?
    private var tableSteps = 0

    public init() {}

    private mutating func prepareTimeTable(_ time: TimeEncoding, schedule: NoiseSchedule) {
        guard tableTime != time || tableSteps != schedule.steps else { return }
        let width = time.width
        timeTable = [Float](repeating: 0, count: schedule.steps * width)
        timeTable.withUnsafeMutableBufferPointer { p in
            for i in 1...schedule.steps { time.encode(schedule.level(i).t, into: p.baseAddress! + (i - 1) * width) }
        }
        tableTime = time
        tableSteps = schedule.steps
    }

    /// Loss and gradients on `rows` examples; `draw` gives each a data point and its condition (nil: none or dropped).
    public mutating func lossAndGradient(_ net: EpsilonNet, schedule: NoiseSchedule, rows b: Int, rng: inout RNG,
                                         draw: (inout RNG) -> (x0: SIMD2<Float>, condition: Int?)) -> Float {
        net.prepareTraining(batch: b)
        prepareTimeTable(net.time, schedule: schedule)
        if target.rows != b { target = Matrix(rows: b, cols: 2) }
        let width = net.time.width
        timeTable.withUnsafeBufferPointer { table in
            for i in 0..<b {
                let (x0, c) = draw(&rng)
                let index = 1 + rng.int(below: schedule.steps)
                let level = schedule.level(index)
                let e = SIMD2(rng.normalFloat(), rng.normalFloat())
                let xt = Float(level.alphaBar.squareRoot()) * x0 + Float((1 - level.alphaBar).squareRoot()) * e
                net.setTrainingRow(i, x: xt, timeFeatures: table.baseAddress! + (index - 1) * width, condition: c)
                target.data[2 * i] = e.x
                target.data[2 * i + 1] = e.y
            }
        }
        let loss = net.trainingLoss(target: target)
        net.trainingBackward()
        return loss
    }
}
