import Foundation

/// The objective every cell of a sweep trains on.
public enum ScalingTaskKind: String, CaseIterable, Sendable {
    /// Teacher–student regression on 2D Gaussian inputs with Gaussian label noise of known size.
    case teacher
    /// Rectified-flow velocity regression on a 2D dataset (Liu et al. 2022): x_t = (1−t)·x0 + t·x1, target x1 − x0.
    case reflow
    /// Noisy linear regression (a linear student on `dim` standard Gaussian inputs, a unit-norm linear teacher, zero init):
    /// the Hessian is 2·I, so B_noise = tr(HΣ)/(GᵀHG) equals B_simple and the noisy-quadratic theory is exact.
    case linear
    /// Noisy linear regression on a power-law spectrum (`PowerLawTask`): SGD's loss falls as a power law of the examples,
    /// as real models' does; its population loss is exact, so the compute sweep runs it checkpointed (`CheckpointedSGD`).
    case powerlaw

    /// Whether the student has a hidden n×n matrix for Muon to orthogonalise (the linear students have none).
    public var hasHiddenMatrix: Bool { self != .linear && self != .powerlaw }
    /// A linear student on `dim` inputs.
    public var isLinear: Bool { self == .linear || self == .powerlaw }
}

/// Everything that defines the regression problem, shared read-only by all workers.
public struct ScalingTaskConfig: Sendable, Equatable {
    public var kind: ScalingTaskKind = .teacher
    public var hidden: [Int] = [32, 32]
    public var activation: Activation = .tanh
    public var teacherHidden: [Int] = [8]
    /// 0: an independent random teacher scaled to unit output variance; > 0: the teacher is the student's own initialisation
    /// with every weight moved by this many times its matrix's RMS in a random direction, so training starts in one basin.
    public var teacherOffset: Float = 0
    /// Standard deviation of the label noise (teacher outputs are scaled to unit variance).
    public var noise: Float = 0.5
    public var dataset: Dataset = .gaussians8
    /// Held-out examples for each cell's final loss.
    public var heldOut: Int = 4096
    public var seed: UInt64 = 0
    /// Input dimension of the linear task.
    public var dim: Int = 64
    /// Size of the linear task's labels (clean and noise alike): the loss landscape for SGD is the same at every scale,
    /// but the gradients' size against Adam's ε is set by it.
    public var targetScale: Float = 0.1
    /// The power-law task's input eigenvalues λ_i = i^−α and target profile λ_i·w*_i² ∝ i^−β.
    public var spectrumDecay = 1.5
    public var targetDecay = 2.0

    public init() {}

    /// The power-law task these settings describe (its label noise is `noise`, unscaled).
    public var powerLaw: PowerLawTask {
        PowerLawTask(dim: dim, spectrumDecay: spectrumDecay, targetDecay: targetDecay, noise: Double(noise))
    }

    public var inputDim: Int {
        switch kind {
        case .teacher: 2
        case .reflow: 3
        case .linear, .powerlaw: dim
        }
    }
    public var outputDim: Int { kind == .reflow ? 2 : 1 }
    public var studentShape: MLPShape {
        MLPShape(input: inputDim, hidden: kind.isLinear ? [] : hidden, output: outputDim, activation: activation)
    }
    /// Standard deviation of the noise added to each training label.
    public var labelNoiseStd: Float { kind == .linear ? noise * targetScale : noise }
}

/// A fixed problem instance: the student's shared initialisation, the teacher's weights and a held-out set.
public struct ScalingTask: Sendable {
    public let config: ScalingTaskConfig
    public let initValues: [Matrix]
    let teacherValues: [Matrix]
    let teacherShape: MLPShape
    /// Multiplies the raw teacher output so the clean targets have unit variance.
    let teacherScale: Float
    public let heldOutX: Matrix
    /// Clean targets for the teacher (the loss is excess risk over the noise floor σ²); noisy velocities for ReFlow.
    public let heldOutY: Matrix

    public init(_ config: ScalingTaskConfig) {
        self.config = config
        var initRNG = RNG(seed: config.seed, stream: 0x1417)
        let initial = MLP(config.studentShape, rng: &initRNG).copyValues()
        var teacherRNG = RNG(seed: config.seed, stream: 0x7EAC)
        if config.kind == .linear {
            // w = 0, b = 0 at the start; w* a random unit vector, b* = 0: the clean targets have variance 1 (before scaling).
            initValues = initial.map { Matrix(rows: $0.rows, cols: $0.cols) }
            teacherShape = config.studentShape
            var w = Matrix(rows: 1, cols: config.dim)
            teacherRNG.fillNormal(&w)
            let norm = max((w.data.reduce(0) { $0 + $1 * $1 }).squareRoot(), 1e-12)
            for i in 0..<w.count { w.data[i] /= norm }
            teacherValues = [w, Matrix(rows: 1, cols: 1)]
            teacherScale = config.targetScale
        } else if config.kind == .powerlaw {
            // w = 0 at the start and the power-law target w*, no bias: the clean targets have unit variance.
            initValues = initial.map { Matrix(rows: $0.rows, cols: $0.cols) }
            teacherShape = config.studentShape
            teacherValues = [Matrix(rows: 1, cols: config.dim, data: config.powerLaw.target.map(Float.init)), Matrix(rows: 1, cols: 1)]
            teacherScale = 1
        } else if config.teacherOffset > 0 && config.kind == .teacher {
            initValues = initial
            teacherShape = config.studentShape
            teacherValues = initValues.map { Self.perturbed($0, by: config.teacherOffset, rng: &teacherRNG) }
            teacherScale = 1
        } else {
            initValues = initial
            teacherShape = MLPShape(input: 2, hidden: config.teacherHidden, output: 1, activation: .tanh)
            let teacher = MLP(teacherShape, rng: &teacherRNG)
            // Larger first-layer weights make the teacher a curved (not nearly linear) function of x.
            teacher.layers[0].weight.value.data.withUnsafeMutableBufferPointer { w in for i in w.indices { w[i] *= 2 } }
            teacherValues = teacher.copyValues()
            var probeRNG = RNG(seed: config.seed, stream: 0x5CA1E)
            var probe = Matrix(rows: 4096, cols: 2)
            probeRNG.fillNormal(&probe)
            let out = teacher(probe).data.map(Double.init)
            let mean = out.reduce(0, +) / Double(out.count)
            let variance = out.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(out.count)
            teacherScale = Float(1 / max(variance, 1e-12).squareRoot())
        }
        var x = Matrix(rows: config.heldOut, cols: config.inputDim)
        var y = Matrix(rows: config.heldOut, cols: config.outputDim)
        var heldRNG = RNG(seed: config.seed, stream: 0x4E1D)
        let sampler = ScalingSampler(config: config, teacherShape: teacherShape, teacherValues: teacherValues, teacherScale: teacherScale)
        sampler.fill(x: &x, y: &y, rng: &heldRNG, labelNoise: false)
        heldOutX = x
        heldOutY = y
    }

    /// `m` plus `offset` × its RMS times standard normals (biases, initialised near zero, move by the same absolute amount as their weights).
    static func perturbed(_ m: Matrix, by offset: Float, rng: inout RNG) -> Matrix {
        let rms = max((m.data.reduce(0) { $0 + $1 * $1 } / Float(max(m.count, 1))).squareRoot(), 1e-3)
        var out = m
        for i in 0..<out.count { out.data[i] += offset * rms * rng.normalFloat() }
        return out
    }

    func makeSampler() -> ScalingSampler {
        ScalingSampler(config: config, teacherShape: teacherShape, teacherValues: teacherValues, teacherScale: teacherScale)
    }
}

/// Draws training batches; owns a private teacher copy so each worker samples without sharing buffers.
final class ScalingSampler {
    let config: ScalingTaskConfig
    let teacher: MLP?
    let teacherWS: MLPWorkspace?
    let scale: Float
    /// √λ_i per input on the power-law task (empty otherwise): computed once, not at every batch.
    private let inputScale: [Float]

    init(config: ScalingTaskConfig, teacherShape: MLPShape, teacherValues: [Matrix], teacherScale: Float) {
        self.config = config
        scale = teacherScale
        inputScale = config.kind == .powerlaw ? config.powerLaw.eigenvalues.map { Float($0.squareRoot()) } : []
        if config.kind != .reflow {
            var rng = RNG(seed: 0)
            let t = MLP(teacherShape, rng: &rng)
            t.load(values: teacherValues)
            teacher = t
            teacherWS = MLPWorkspace(shape: teacherShape)
        } else {
            teacher = nil
            teacherWS = nil
        }
    }

    /// Fills `x` and `y` (rows = batch) with fresh examples; teacher labels get N(0, σ²) noise when `labelNoise`.
    func fill(x: inout Matrix, y: inout Matrix, rng: inout RNG, labelNoise: Bool = true) {
        let n = x.rows
        switch config.kind {
        case .teacher, .linear, .powerlaw:
            rng.fillNormal(&x)
            if !inputScale.isEmpty {
                for i in 0..<x.count { x.data[i] *= inputScale[i % x.cols] }
            }
            let ws = teacherWS!
            ws.prepare(batch: n)
            ws.input.data.withUnsafeMutableBufferPointer { dst in
                x.data.withUnsafeBufferPointer { src in for i in src.indices { dst[i] = src[i] } }
            }
            teacher!.forward(ws)
            let out = ws.output
            let sigma = labelNoise ? config.labelNoiseStd : 0
            for i in 0..<n { y.data[i] = scale * out.data[i] + (sigma > 0 ? sigma * rng.normalFloat() : 0) }
        case .reflow:
            for i in 0..<n {
                let x0 = config.dataset.sample(&rng)
                let x1 = SIMD2<Float>(rng.normalFloat(), rng.normalFloat())
                let t = rng.uniformFloat()
                let xt = (1 - t) * x0 + t * x1
                x.data[3 * i] = xt.x
                x.data[3 * i + 1] = xt.y
                x.data[3 * i + 2] = t
                y.data[2 * i] = x1.x - x0.x
                y.data[2 * i + 1] = x1.y - x0.y
            }
        }
    }
}
