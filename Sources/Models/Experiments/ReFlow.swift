/// Settings of a rectified-flow run; every field maps to a preset key.
public struct ReFlowConfig: Sendable, Equatable {
    public var dataset: Dataset = .gaussians8
    public var hidden: [Int] = [128, 128]
    public var activation: Activation = .silu
    public var time: TimeEncoding = .raw
    public var optimizer = OptimizerConfig()
    public var batch = 256
    public var seed: UInt64 = 0
    /// Steps of the UI's live sampler (keys 1…7, 0).
    public var samplerSteps = 32
    public var sampler: SamplerMethod = .euler
    /// Evaluation: samples drawn with `evalSteps` Euler steps, compared with as many fresh data points.
    public var evalSamples = 2000
    public var evalSteps = 100
    public var validationSize = 4096
    public var emaDecay: Float = 0.99
    /// Live picture: this many samples, of which `snapshotPaths` keep their trajectories.
    public var snapshotPoints = 600
    public var snapshotPaths = 48

    public init() {}
}

/// Rectified flow (Liu et al. 2022): x_t = (1−t)·x0 + t·x1 with x0 data, x1 ~ N(0, I), t ~ U(0, 1);
/// the net regresses the constant velocity x1 − x0, loss = mean over the batch of ‖v − (x1 − x0)‖².
/// Here t = 0 is data and t = 1 is noise; sampling integrates from t = 1 down to 0.
public final class ReFlowExperiment: Experiment {
    public private(set) var config: ReFlowConfig
    public private(set) var net: FlowNet
    public private(set) var optimizer: OptimizerBank
    public private(set) var step = 0
    public private(set) var lossEMA: Float = .nan
    public var trajectoriesOn = true

    private var fixtures: FlowFixtures
    private var target = Matrix(rows: 0, cols: 0)

    public init(config: ReFlowConfig) {
        self.config = config
        (net, optimizer) = Self.makeModel(config)
        fixtures = FlowFixtures(dataset: config.dataset, seed: config.seed, evalSamples: config.evalSamples,
                                validationSize: config.validationSize, snapshotPoints: config.snapshotPoints)
        prepareBatch()
    }

    private static func makeModel(_ config: ReFlowConfig) -> (FlowNet, OptimizerBank) {
        var initRNG = RNG(seed: config.seed, stream: 2)
        let net = FlowNet(hidden: config.hidden, activation: config.activation, time: config.time, rng: &initRNG)
        return (net, OptimizerBank(parameters: net.parameters, config: config.optimizer))
    }

    private func prepareBatch() {
        net.mlp.workspace.prepare(batch: config.batch)
        target = Matrix(rows: config.batch, cols: 2)
    }

    public var extraMetricNames: [String] { [] }

    public var evaluationNames: [String] {
        var names = ["val_loss"]
        if fixtures.validation.floor != nil { names += ["val_floor", "val_excess"] }
        names += ["swd", "straightness"]
        if config.dataset.mixture != nil { names += ["modes", "precision"] }
        return names
    }

    public var isFinite: Bool { net.allFinite }

    public func trainStep() -> StepMetrics {
        let ws = net.mlp.workspace
        let b = config.batch
        fixtures.drawBatch(rows: b, target: &target) { i, xt, t in net.fillInput(&ws.input, row: i, x: xt.x, y: xt.y, t: t) }
        net.mlp.forward(ws)
        let loss = squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
        net.mlp.backward(ws)
        optimizer.step()
        step += 1
        let d = config.emaDecay
        lossEMA = lossEMA.isNaN ? loss : d * lossEMA + (1 - d) * loss
        return StepMetrics(step: step, loss: loss, lossEMA: lossEMA, lr: optimizer.lr,
                           optimizer: optimizer.current, batch: b)
    }

    public func evaluate() -> Evaluation {
        evaluation(of: integrateFlow(net, noise: fixtures.evalNoise, steps: config.evalSteps, method: config.sampler), reference: fixtures.evalData)
    }

    /// Validation loss (and its excess over the exact field's floor) plus sample quality of `tr` against `reference`.
    private func evaluation(of tr: Trajectories, reference: [Float]) -> Evaluation {
        var e = Evaluation(step: step)
        let val = fixtures.validation.loss(of: net)
        e.append("val_loss", val)
        if let floor = fixtures.validation.floor {
            e.append("val_floor", floor)
            e.append("val_excess", val - floor)
        }
        e.append("swd", slicedWasserstein1(tr.final, reference))
        e.append("straightness", straightness(net, trajectories: tr))
        if let mixture = config.dataset.mixture {
            let m = modeStats(tr.final, mixture: mixture)
            e.append("modes", Double(m.covered))
            e.append("precision", m.precision)
        }
        return e
    }

    /// The final samples of the evaluation sampler (100 Euler steps by default), for samples.csv.
    public func finalSamples() -> [Float] {
        integrateFlow(net, noise: fixtures.evalNoise, steps: config.evalSteps, method: config.sampler).final
    }

    public func outputs() -> [(name: String, contents: String)] {
        [("samples.csv", pointsCSV(finalSamples()))]
    }

    public func snapshot() -> Snapshot {
        var s = Snapshot(step: step)
        let tr = integrateFlow(net, noise: fixtures.snapshotNoise, steps: config.samplerSteps, method: config.sampler)
        s.samples = tr.final
        s.samplerSteps = config.samplerSteps
        s.data = fixtures.snapshotData(points: config.snapshotPoints)
        if trajectoriesOn {
            let k = 2 * min(config.snapshotPaths, tr.count)
            s.trajectories = Trajectories(frames: tr.frames.map { Array($0.prefix(k)) }, times: tr.times)
        }
        s.evaluation = evaluation(of: tr, reference: s.data)
        return s
    }

    public func apply(_ command: TrainerCommand) throws -> [TrainerEvent] {
        if let events = try optimizer.handle(command, step: step) { return events }
        try command.validate()
        switch command {
        case .setBatchSize(let b):
            config.batch = b
            prepareBatch()
            return [.notice("batch \(b)")]
        case .setSamplerSteps(let n):
            config.samplerSteps = n
            return [.notice("sampler steps \(n)")]
        case .setTrajectories(let on):
            trajectoriesOn = on
            return []
        case .setDataset(let d):
            var c = config
            c.dataset = d
            replace(with: c)
            return [.reset, .notice("dataset \(d.label)")]
        case .reset:
            replace(with: config)
            return [.reset]
        case .setOption(let key, _):
            throw CommandError("reflow has no option '\(key)'")
        case .pause, .resume, .stepOnce, .quit, .setOptimizer, .setLR:
            return []
        }
    }

    /// Starts over with fresh weights and optimizer state, keeping the current optimizer choice.
    private func replace(with c: ReFlowConfig) {
        let fresh = ReFlowExperiment(config: c)
        config = fresh.config
        net = fresh.net
        fresh.optimizer.adoptChoice(of: optimizer)
        optimizer = fresh.optimizer
        fixtures = fresh.fixtures
        step = 0
        lossEMA = .nan
        prepareBatch()
    }
}
