import Foundation
import Synchronization

/// How long each cell trains: a fixed number of steps, a fixed number of examples (steps = examples / batch), or a fixed
/// compute C in FLOPs (steps = C / (FLOPs per example × batch), rounded, at least 1).
public enum SweepBudget: Sendable, Equatable {
    case steps(Int)
    case examples(Int)
    case flops(Double, perExample: Int)

    public func steps(batch: Int) -> Int {
        switch self {
        case .steps(let n): n
        case .examples(let n): max(1, n / batch)
        case .flops(let c, let perExample): max(1, Int((c / (Double(perExample) * Double(batch))).rounded()))
        }
    }

    /// Training FLOPs per example of an MLP: 2 per multiply–add forward and 4 backward (inputs' and weights' gradients),
    /// i.e. 6 × weights (Kaplan et al. 2020, C ≈ 6N per token); biases and activations are left out as they are there.
    public static func trainingFLOPs(_ shape: MLPShape) -> Int { 6 * shape.macsPerExample }
}

/// The optimizer and budget every cell shares; only the learning rate and batch size vary.
public struct SweepSettings: Sendable, Equatable {
    public var optimizer = OptimizerConfig()
    public var budget = SweepBudget.steps(300)
    /// For Muon the swept LR drives hidden matrices; its AdamW side gets this multiple of it.
    public var muonSideRatio: Float = 0.05
    /// The sweep's own stated bound for `DivergenceRule`: a cell whose batch or held-out loss exceeds this multiple of
    /// the starting held-out loss counts as diverged (10× would flag the largest LRs' transient spikes, which recover).
    public var divergenceFactor: Float = 100
    /// Every batch size of a seed draws the same stream of examples (a fixed-compute budget: the same examples grouped
    /// into different batches, so losses across B differ by the batching alone); false: one stream per (seed, batch).
    public var sharedData = false

    public init() {}

    /// The optimizer for one cell, its swept LR in the right slot.
    public func optimizerConfig(lr: Float) -> OptimizerConfig {
        var c = optimizer
        if c.kind == .muon {
            c.muonLR = lr
            c.lr = lr * muonSideRatio
        } else {
            c.lr = lr
        }
        return c
    }
}

/// A shared stop flag, checked between steps.
public final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .relaxed) }
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}

/// One thread's model, optimizer and buffers: trains cells one after another from the task's shared initialisation.
public final class ScalingWorker {
    public let task: ScalingTask
    let student: MLP
    let sampler: ScalingSampler
    var targets = Matrix(rows: 0, cols: 0)
    private let evalWS: MLPWorkspace
    /// Held-out loss at the shared initialisation, the yardstick for divergence.
    public private(set) var initialLoss: Float = .nan

    public init(task: ScalingTask) {
        self.task = task
        var rng = RNG(seed: 0)
        student = MLP(task.config.studentShape, rng: &rng)
        student.load(values: task.initValues)
        sampler = task.makeSampler()
        evalWS = MLPWorkspace(shape: task.config.studentShape, batch: min(1024, task.heldOutX.rows))
        initialLoss = heldOutLoss()
    }

    /// The data stream of a (seed, batch) pair, or of a seed when `shared`: every LR of a row sees the same batches
    /// (common random numbers).
    static func dataRNG(task: ScalingTaskConfig, cell: SweepCell, shared: Bool = false) -> RNG {
        RNG(seed: task.seed ^ (UInt64(cell.seed + 1) << 32), stream: 0xDA7A &+ (shared ? 0 : UInt64(cell.batch)))
    }

    /// Trains one cell and returns its held-out loss (NaN if it diverged), or nil when cancelled.
    public func run(_ cell: SweepCell, settings: SweepSettings, cancel: CancelFlag? = nil) -> Float? {
        student.load(values: task.initValues)
        let params = student.parameters
        let optimizer = makeOptimizer(settings.optimizerConfig(lr: cell.lr))
        let ws = student.workspace
        ws.prepare(batch: cell.batch)
        targets.reshape(rows: cell.batch, cols: task.config.outputDim)
        var rng = Self.dataRNG(task: task.config, cell: cell, shared: settings.sharedData)
        let rule = DivergenceRule(baseline: Double(max(initialLoss, 1e-6)), factor: Double(settings.divergenceFactor))
        for _ in 0..<settings.budget.steps(batch: cell.batch) {
            if cancel?.isCancelled == true { return nil }
            sampler.fill(x: &ws.input, y: &targets, rng: &rng)
            let loss = lossAndGradient(ws)
            guard !rule.exceeded(by: loss) else { return .nan }
            student.backward(ws)
            optimizer.step(params, lrScale: 1)
        }
        let final = heldOutLoss()
        return rule.exceeded(by: final) ? .nan : final
    }

    /// Forward pass on `ws.input`; writes ∂L/∂output for L = mean over rows and outputs of (f − y)², returns L.
    func lossAndGradient(_ ws: MLPWorkspace) -> Float {
        student.forward(ws)
        let n = ws.output.count
        let scale = 2 / Float(n)
        var sum: Float = 0
        let out = ws.output
        for i in 0..<n {
            let d = out.data[i] - targets.data[i]
            sum += d * d
            ws.outputGrad.data[i] = scale * d
        }
        return sum / Float(n)
    }

    /// Mean squared error of the student on the held-out set, in chunks.
    public func heldOutLoss() -> Float {
        let x = task.heldOutX, y = task.heldOutY
        let d = x.cols, o = y.cols, chunk = evalWS.batch
        var sum = 0.0
        var start = 0
        while start < x.rows {
            let n = min(chunk, x.rows - start)
            evalWS.prepare(batch: n)
            evalWS.input.data.withUnsafeMutableBufferPointer { dst in
                x.data.withUnsafeBufferPointer { src in
                    for i in 0..<(n * d) { dst[i] = src[start * d + i] }
                }
            }
            student.forward(evalWS)
            let out = evalWS.output
            for i in 0..<(n * o) {
                let e = Double(out.data[i] - y.data[start * o + i])
                sum += e * e
            }
            start += n
        }
        return Float(sum / Double(x.rows * o))
    }
}
