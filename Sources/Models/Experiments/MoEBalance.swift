/// Rectified flow through a mixture-of-experts velocity net, watching expert load under a switchable balancing
/// strategy: none, the Switch auxiliary loss, or DeepSeek's loss-free routing bias (plain or RMS-normalised).
public final class MoEBalanceExperiment: Experiment {
    public private(set) var config: MoEBalanceConfig
    public private(set) var net: MoEFlowNet
    public private(set) var optimizer: OptimizerBank
    public private(set) var step = 0
    public private(set) var lossEMA: Float = .nan
    public private(set) var window: LoadWindow
    public private(set) var recent: LoadWindow
    /// MaxVio of the last batch.
    public private(set) var batchMaxVio: Float = 0

    private var fixtures: FlowFixtures
    private var target = Matrix(rows: 0, cols: 0)

    public init(config: MoEBalanceConfig) {
        self.config = config
        (net, optimizer) = Self.makeModel(config)
        window = LoadWindow(capacity: config.maxVioWindow, experts: config.experts)
        recent = LoadWindow(capacity: config.histogramWindow, experts: config.experts)
        fixtures = FlowFixtures(dataset: config.dataset, seed: config.seed, evalSamples: config.evalSamples,
                                validationSize: config.validationSize, snapshotPoints: config.snapshotPoints)
        prepareBatch()
    }

    private static func makeModel(_ config: MoEBalanceConfig) -> (MoEFlowNet, OptimizerBank) {
        var initRNG = RNG(seed: config.seed, stream: 2)
        let net = MoEFlowNet(config.shape, rng: &initRNG)
        if config.routerInit == .skewed {
            for i in 0..<max(1, config.experts / 4) { net.moe.router.bias.value.data[i] += config.routerSkew }
        }
        return (net, OptimizerBank(parameters: net.parameters, config: config.optimizer))
    }

    private func prepareBatch() {
        net.workspace.prepare(batch: config.batch)
        target = Matrix(rows: config.batch, cols: 2)
    }

    public var extraMetricNames: [String] {
        ["maxvio", "maxvio_global", "aux_loss"] + (0..<config.experts).map { "load_\($0)" }
    }

    public var evaluationNames: [String] {
        ["val_loss"] + (fixtures.validation.floor != nil ? ["val_excess"] : []) + ["swd"]
            + (config.dataset.mixture != nil ? ["modes", "precision"] : []) + ["maxvio_global"]
    }

    public var isFinite: Bool { net.allFinite }

    /// The running α (aux) or u (loss-free) of the current strategy, for the stats pane.
    public var strength: Float? {
        switch config.balance {
        case .none: nil
        case .aux: config.auxAlpha
        case .lossfree, .lossfreeRMS: config.biasRate
        }
    }

    public func trainStep() -> StepMetrics {
        let ws = net.workspace
        let b = config.batch
        fixtures.drawBatch(rows: b, target: &target) { i, xt, t in net.fillInput(&ws.input, row: i, x: xt.x, y: xt.y, t: t) }
        net.moe.auxAlpha = config.balance == .aux ? config.auxAlpha : 0
        net.forward(ws)
        let loss = squaredErrorLossAndGrad(output: ws.output, target: target, grad: &ws.outputGrad)
        net.backward(ws)
        optimizer.step()
        let counts = ws.moe.counts
        updateRoutingBias(&net.moe.bias, counts: counts, rate: config.biasRate, strategy: config.balance)
        window.add(counts)
        recent.add(counts)
        let total = Float(max(1, counts.reduce(0, +)))
        let loads = counts.map { Float($0) / total }
        batchMaxVio = maxViolation(loads)
        step += 1
        let d = config.emaDecay
        lossEMA = lossEMA.isNaN ? loss : d * lossEMA + (1 - d) * loss
        return StepMetrics(step: step, loss: loss, lossEMA: lossEMA, lr: optimizer.lr, optimizer: optimizer.current,
                           batch: b, extra: [batchMaxVio, window.maxVio, ws.moe.auxLoss] + loads)
    }

    public func evaluate() -> Evaluation {
        evaluation(of: integrateFlow(net, noise: fixtures.evalNoise, steps: config.evalSteps, method: config.sampler).final, reference: fixtures.evalData)
    }

    private func evaluation(of samples: [Float], reference: [Float]) -> Evaluation {
        var e = Evaluation(step: step)
        let val = fixtures.validation.loss(of: net)
        e.append("val_loss", val)
        if let floor = fixtures.validation.floor { e.append("val_excess", val - floor) }
        e.append("swd", slicedWasserstein1(samples, reference))
        if let mixture = config.dataset.mixture {
            let m = modeStats(samples, mixture: mixture)
            e.append("modes", Double(m.covered))
            e.append("precision", m.precision)
        }
        e.append("maxvio_global", Double(window.maxVio))
        return e
    }

    public func outputs() -> [(name: String, contents: String)] {
        let samples = integrateFlow(net, noise: fixtures.evalNoise, steps: config.evalSteps, method: config.sampler).final
        return [("samples.csv", pointsCSV(samples))]
    }

    /// Samples coloured by their top-1 expert at t = 0, the data, and the recent load shares against 1/E.
    public func snapshot() -> Snapshot {
        var s = Snapshot(step: step)
        s.samples = integrateFlow(net, noise: fixtures.snapshotNoise, steps: config.samplerSteps, method: config.sampler).final
        s.samplerSteps = config.samplerSteps
        s.data = fixtures.snapshotData(points: config.snapshotPoints)
        s.sampleGroups = net.topExpert(s.samples, t: 0)
        s.histogram = recent.shares
        s.histogramReference = 1 / Float(config.experts)
        s.evaluation = evaluation(of: s.samples, reference: s.data)
        return s
    }

    /// Takes new settings that keep the model (strategy, α, u, batch, sampler steps).
    func reconfigure(_ c: MoEBalanceConfig) {
        config = c
        prepareBatch()
    }

    /// Starts over with fresh weights, routing bias and load history, keeping the current optimizer choice.
    func restart(with c: MoEBalanceConfig) {
        let fresh = MoEBalanceExperiment(config: c)
        config = fresh.config
        net = fresh.net
        fresh.optimizer.adoptChoice(of: optimizer)
        optimizer = fresh.optimizer
        window = fresh.window
        recent = fresh.recent
        fixtures = fresh.fixtures
        step = 0
        lossEMA = .nan
        batchMaxVio = 0
        prepareBatch()
    }
}
