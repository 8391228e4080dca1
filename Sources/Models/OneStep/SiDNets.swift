import Foundation

/// The three networks of SiD and the gradients of its two alternating updates; built once the teacher is trained.
final class SiDNets {
    let teacher: FlowNet
    let fake: FlowNet
    let generator: FlowNet
    /// An exponential moving average of G's weights, the generator that samples (as SiD's released models); nil when
    /// `generator_ema` and `generator_ema_rampup` are both 0.
    let averaged: WeightEMA?
    private let averagedNet: FlowNet?
    let config: OneStepConfig
    private let teacherWS: MLPWorkspace
    private let fakeWS: MLPWorkspace
    private var flowMatching = FlowMatching()
    private var fakeTarget = Matrix(rows: 0, cols: 0)
    private var fakeWeight: [Float] = []
    private(set) var batch = 0
    /// Generator updates so far, for the EMA's ramp-up.
    private(set) var generatorSteps = 0
    /// SiD's per-sample normaliser sg(mean|x_g − f_φ|); off only in gradient checks.
    var normalise = true

    /// The generator's input time t_g and the generator loss's noise schedule, from the config in image units.
    let generatorTime: Float
    private let schedule: SiDNoiseSchedule

    init(teacher: FlowNet, config: OneStepConfig, sigmaData: Float) {
        self.teacher = teacher
        self.config = config
        schedule = SiDNoiseSchedule(kind: config.sidTime, tmax: config.sidTMax, sigmaData: sigmaData)
        generatorTime = flowTime(sigma: config.sidInitSigma * sigmaData / 0.5)
        fake = teacher.clone()
        generator = teacher.clone()
        let shadow = config.generatorEMA > 0 || config.generatorEMARampup > 0 ? teacher.clone() : nil
        averagedNet = shadow
        averaged = shadow.map { [generator] in WeightEMA(source: generator, shadow: $0, decay: config.generatorEMA) }
        teacherWS = MLPWorkspace(shape: teacher.mlp.shape)
        fakeWS = MLPWorkspace(shape: fake.mlp.shape)
    }

    /// The nets SiD trains and samples with (the teacher belongs to its own stage).
    var parameters: [Parameter] { generator.parameters + fake.parameters + (averagedNet?.parameters ?? []) }

    var allFinite: Bool { fake.allFinite && generator.allFinite && (averaged?.shadow.allFinite ?? true) }

    /// Sizes every workspace for `b` rows.
    func prepare(batch b: Int) {
        batch = b
        teacherWS.prepare(batch: b)
        fakeWS.prepare(batch: b)
        generator.mlp.workspace.prepare(batch: b)
    }

    /// Runs G on fresh noise in its training workspace; returns x_g = u − t_g·v_G(u, t_g), u = t_g·z.
    private func generatorForward(rng: inout RNG) -> [SIMD2<Float>] {
        let ws = generator.mlp.workspace, tg = generatorTime
        var u = [SIMD2<Float>](repeating: .zero, count: batch)
        for i in 0..<batch {
            u[i] = tg * SIMD2(rng.normalFloat(), rng.normalFloat())
            generator.fillInput(&ws.input, row: i, x: u[i].x, y: u[i].y, t: tg)
        }
        generator.mlp.forward(ws)
        return (0..<batch).map { u[$0] - tg * SIMD2(ws.output[$0, 0], ws.output[$0, 1]) }
    }

    /// 1-step samples of G (its EMA when kept).
    func generate(noise: [Float]) -> [Float] {
        let tg = generatorTime
        let u = noise.map { tg * $0 }
        var v = [Float](repeating: 0, count: u.count)
        (averagedNet ?? generator).velocity(u, t: tg, into: &v)
        return (0..<u.count).map { u[$0] - tg * v[$0] }
    }

    /// The fake score ψ's denoising loss on G's samples (no gradient into G), gradients into ψ: EDM's loss as the
    /// official code (`sid_loss.py`, `__call__`), or flow matching at the teacher's times (`sid_fake_loss: flow`).
    func fakeGradient(rng: inout RNG) -> Float {
        let xg = generatorForward(rng: &rng)
        guard config.sidFakeLoss == .edm else {
            return flowMatching.lossAndGradient(fake, rows: batch, rng: &rng, time: schedule.fakeTime) { i, r in
                (xg[i], SIMD2(r.normalFloat(), r.normalFloat()))
            }
        }
        return edmFakeLossAndGradient(xg, rng: &rng)
    }

    /// EDM's loss λ(σ)·‖D_ψ(x0 + σn) − x0‖², σ = exp(N(P_mean, P_std²)), summed over coordinates and averaged over the
    /// batch. In flow time D = x_t − t·v and D − x0 = t·(v − (n − x0)), so it is flow matching with the per-sample
    /// weight λ(σ)·t² = (t² + (1−t)²σ_d²)/σ_d² (`SiDNoiseSchedule.edmWeight`).
    private func edmFakeLossAndGradient(_ xg: [SIMD2<Float>], rng: inout RNG) -> Float {
        let ws = fake.mlp.workspace, n = Float(batch)
        fake.prepareTraining(batch: batch)
        if fakeTarget.rows != batch {
            fakeTarget = Matrix(rows: batch, cols: 2)
            fakeWeight = [Float](repeating: 0, count: batch)
        }
        for i in 0..<batch {
            let t = schedule.fakeEDMTime(&rng)
            let e = SIMD2(rng.normalFloat(), rng.normalFloat())
            fake.setTrainingRow(i, x: (1 - t) * xg[i] + t * e, t: t)
            fakeTarget[i, 0] = e.x - xg[i].x
            fakeTarget[i, 1] = e.y - xg[i].y
            fakeWeight[i] = schedule.edmWeight(t)
        }
        fake.mlp.forward(ws)
        var loss: Float = 0
        for i in 0..<batch {
            let dx = ws.output[i, 0] - fakeTarget[i, 0], dy = ws.output[i, 1] - fakeTarget[i, 1], w = fakeWeight[i]
            loss += w * (dx * dx + dy * dy) / n
            ws.outputGrad[i, 0] = 2 * w * dx / n
            ws.outputGrad[i, 1] = 2 * w * dy / n
        }
        fake.mlp.backward(ws)
        return loss
    }

    /// Folds G into its average with the official decay: half-life min(500 kimg, `generator_ema_rampup` × images seen)
    /// (sid_training_loop.py: ema_halflife_kimg 500 from `--ema 0.5`, ema_rampup_ratio 0.05), or the fixed
    /// `generator_ema` when the ramp-up is 0.
    func updateAverage() {
        generatorSteps += 1
        guard let ema = averaged else { return }
        if config.generatorEMARampup > 0 {
            let seen = Float(generatorSteps * batch)
            let halfLife = min(500_000, seen * config.generatorEMARampup)
            ema.decay = powf(0.5, Float(batch) / max(halfLife, 1e-8))
        }
        ema.update()
    }

    /// The batch-mean SiD loss and G's parameter gradients, backpropagated through f_φ and f_ψ (both frozen) into G.
    func generatorLossAndGradient(lambda: Float, rng: inout RNG, gradient: Bool = true) -> Float {
        let xg = generatorForward(rng: &rng)
        var ts = [Float](repeating: 0, count: batch)
        var xts = [SIMD2<Float>](repeating: .zero, count: batch)
        for i in 0..<batch {
            ts[i] = schedule.generatorTime(&rng)
            let e = SIMD2(rng.normalFloat(), rng.normalFloat())
            xts[i] = (1 - ts[i]) * xg[i] + ts[i] * e
            teacher.fillInput(&teacherWS.input, row: i, x: xts[i].x, y: xts[i].y, t: ts[i])
            fake.fillInput(&fakeWS.input, row: i, x: xts[i].x, y: xts[i].y, t: ts[i])
        }
        teacher.mlp.forward(teacherWS)
        fake.mlp.forward(fakeWS)
        var loss: Float = 0
        var direct = [SIMD2<Float>](repeating: .zero, count: batch)
        let n = Float(batch)
        for i in 0..<batch {
            let t = ts[i]
            let a = xts[i] - t * SIMD2(teacherWS.output[i, 0], teacherWS.output[i, 1])
            let b = xts[i] - t * SIMD2(fakeWS.output[i, 0], fakeWS.output[i, 1])
            let l = sidGeneratorLoss(teacher: a, fake: b, sample: xg[i], lambda: lambda, normalise: normalise)
            loss += l.value / n
            // f = x_t − t·v: ∂L/∂v = −t·∂L/∂f, and ∂L/∂x_t picks up ∂L/∂a + ∂L/∂b through the identity part.
            teacherWS.outputGrad[i, 0] = -t * l.dA.x / n
            teacherWS.outputGrad[i, 1] = -t * l.dA.y / n
            fakeWS.outputGrad[i, 0] = -t * l.dB.x / n
            fakeWS.outputGrad[i, 1] = -t * l.dB.y / n
            direct[i] = (l.dX + (1 - t) * (l.dA + l.dB)) / n
        }
        guard gradient else { return loss }
        teacher.mlp.backward(teacherWS, inputGrad: true, parameterGrads: false)
        fake.mlp.backward(fakeWS, inputGrad: true, parameterGrads: false)
        let ws = generator.mlp.workspace, tg = generatorTime
        for i in 0..<batch {
            let t = ts[i]
            let throughNets = teacher.positionGradient(teacherWS, row: i, t: t) + fake.positionGradient(fakeWS, row: i, t: t)
            let dxg = direct[i] + (1 - t) * throughNets
            ws.outputGrad[i, 0] = -tg * dxg.x
            ws.outputGrad[i, 1] = -tg * dxg.y
        }
        generator.mlp.backward(ws)
        return loss
    }
}
