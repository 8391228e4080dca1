/// A velocity net v(x, t) that flow matching trains: a training batch's rows in, ∂loss/∂output back.
public protocol TrainableVelocityNet: VelocityField, TimedVelocityField, HasParameters {
    /// Sizes the training buffers for `batch` rows (a no-op when unchanged).
    func prepareTraining(batch: Int)
    /// Writes training row `i`: position `x` at time `t`.
    func setTrainingRow(_ i: Int, x: SIMD2<Float>, t: Float)
    /// Forward pass on the training rows; returns the mean squared error against `target` and stores its gradient.
    func trainingLoss(target: Matrix) -> Float
    /// Backpropagates the stored output gradient into every parameter's `grad`.
    func trainingBackward()
}

extension FlowNet: TrainableVelocityNet {
    public func prepareTraining(batch: Int) { mlp.workspace.prepare(batch: batch) }

    @inline(__always)
    public func setTrainingRow(_ i: Int, x: SIMD2<Float>, t: Float) { fillInput(&mlp.workspace.input, row: i, x: x.x, y: x.y, t: t) }

    public func trainingLoss(target: Matrix) -> Float {
        let ws = mlp.workspace
        mlp.forward(ws)
        return squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
    }

    public func trainingBackward() { mlp.backward(mlp.workspace) }
}

extension MoEFlowNet: TrainableVelocityNet {
    public func prepareTraining(batch: Int) { workspace.prepare(batch: batch) }

    @inline(__always)
    public func setTrainingRow(_ i: Int, x: SIMD2<Float>, t: Float) { fillInput(&workspace.input, row: i, x: x.x, y: x.y, t: t) }

    public func trainingLoss(target: Matrix) -> Float {
        forward(workspace)
        return squaredErrorLossAndGrad(output: workspace.output, target: target, grad: &workspace.outputGrad)
    }

    public func trainingBackward() { backward(workspace) }
}

/// The flow-matching regression of rectified flow (Liu et al. 2022): x_t = (1−t)·x0 + t·x1 with t ~ U(0, 1),
/// target x1 − x0, loss = mean ‖v(x_t, t) − (x1 − x0)‖². Here t = 0 is data (x0) and t = 1 noise (x1).
public struct FlowMatching {
    private var target = Matrix(rows: 0, cols: 0)

    public init() {}

    /// Loss and gradients on `rows` pairs drawn by `pair` (data x0, noise x1); t by `time` (default U(0, 1)).
    @inline(__always)
    public mutating func lossAndGradient(_ net: some TrainableVelocityNet, rows b: Int, rng: inout RNG,
                                         time: (inout RNG) -> Float = { $0.uniformFloat() },
                                         pair: (Int, inout RNG) -> (x0: SIMD2<Float>, x1: SIMD2<Float>)) -> Float {
        net.prepareTraining(batch: b)
        if target.rows != b { target = Matrix(rows: b, cols: 2) }
        for i in 0..<b {
            let (x0, x1) = pair(i, &rng)
            let t = time(&rng)
            net.setTrainingRow(i, x: (1 - t) * x0 + t * x1, t: t)
            target.data[2 * i] = x1.x - x0.x
            target.data[2 * i + 1] = x1.y - x0.y
        }
        let loss = net.trainingLoss(target: target)
        net.trainingBackward()
        return loss
    }
}

/// A sampler that integrates a velocity field from noise (t = 1) to data (t = 0).
public func flowSampler(_ field: VelocityField, name: String, prefix: String, method: SamplerMethod, evalSteps: [Int],
                        plainNames: Bool = false, curveSteps: [Int] = [], frozen: Bool = false, exact: Bool = false) -> Sampler {
    Sampler(name: name, prefix: prefix, evalSteps: evalSteps, plainNames: plainNames, curveSteps: curveSteps,
            frozen: frozen, exact: exact, maxSteps: 128, hasPaths: true) { noise, steps, paths in
        if paths {
            let tr = integrateFlow(field, noise: noise, steps: steps, method: method)
            return SampleRun(final: tr.final, trajectories: tr)
        }
        return SampleRun(final: integrateFlowFinal(field, noise: noise, steps: steps, method: method))
    }
}
