import Testing
@testable import Models

@Suite struct BalancingTests {
    @Test func maxVioIsExcessOfTheBusiestExpertOverTheMean() {
        #expect(maxViolation([0.25, 0.25, 0.25, 0.25]) == 0)
        #expect(abs(maxViolation([0.5, 0.25, 0.25, 0]) - 1) < 1e-6)
        #expect(abs(maxViolation([2, 1, 1, 0]) - 1) < 1e-6)
    }

    /// Switch Transformer: α·E·Σ f_i·P_i = α when every expert gets 1/E of the tokens and of the probability.
    @Test func auxLossEqualsAlphaAtUniformTop1Routing() {
        let e = 4
        var rng = RNG(seed: 1)
        let layer = MoELayer(MoEShape(width: e, expertHidden: 3, experts: e, topK: 1, score: .softmax), rng: &rng)
        layer.router.weight.value = Matrix(rows: e, cols: e, data: (0..<(e * e)).map { $0 % (e + 1) == 0 ? 1 : 0 })
        layer.router.bias.value.fill(0)
        layer.auxAlpha = 0.01
        let ws = MoEWorkspace(shape: layer.shape, batch: e)
        for t in 0..<e { ws.input[t, t] = 2 }
        layer.forward(ws)
        #expect(ws.counts == [1, 1, 1, 1])
        #expect(abs(ws.auxLoss - 0.01) < 1e-7)
        #expect(abs(auxiliaryLoss(fractions: [0.25, 0.25, 0.25, 0.25], meanProbabilities: [0.25, 0.25, 0.25, 0.25], alpha: 0.3) - 0.3) < 1e-7)
        #expect(auxiliaryLoss(fractions: [1, 0, 0, 0], meanProbabilities: [1, 0, 0, 0], alpha: 0.01) == 0.04)
    }

    @Test func signBiasStepRaisesUnderloadedAndLowersOverloadedExperts() {
        var bias: [Float] = [0, 0, 0, 0]
        updateRoutingBias(&bias, counts: [6, 2, 0, 0], rate: 0.001, strategy: .lossfree)
        #expect(bias == [-0.001, 0, 0.001, 0.001])
        var untouched: [Float] = [0.5, 0, 0, 0]
        updateRoutingBias(&untouched, counts: [6, 2, 0, 0], rate: 0.001, strategy: .aux)
        #expect(untouched == [0.5, 0, 0, 0])
    }

    /// (F − Q)/RMS(F − Q) with F = [.75, .25, 0, 0], Q = .25: deviations [.5, 0, −.25, −.25], RMS √0.09375.
    @Test func rmsBiasStepIsNormalisedByTheDeviationsRMS() {
        var bias: [Float] = [0, 0, 0, 0]
        updateRoutingBias(&bias, counts: [6, 2, 0, 0], rate: 0.01, strategy: .lossfreeRMS)
        let rms = Float(0.09375).squareRoot()
        let expected: [Float] = [-0.01 * 0.5 / rms, 0, 0.01 * 0.25 / rms, 0.01 * 0.25 / rms]
        for i in 0..<4 { #expect(abs(bias[i] - expected[i]) < 1e-6) }
    }

    /// The bias decides who is chosen; the gates still come from the router's own scores.
    @Test func biasSteersSelectionButNotGates() {
        var rng = RNG(seed: 3)
        let layer = MoELayer(MoEShape(width: 3, expertHidden: 2, experts: 4, topK: 2, score: .sigmoid, normalizeGates: true), rng: &rng)
        let ws = MoEWorkspace(shape: layer.shape, batch: 5)
        rng.fillNormal(&ws.input)
        layer.bias = [0, 0, 0, 10]
        layer.forward(ws)
        for t in 0..<5 {
            #expect(ws.choice[2 * t] == 3)
            let other = Int(ws.choice[2 * t + 1])
            let rho3 = ws.scores[t, 3], rhoOther = ws.scores[t, other]
            #expect(abs(ws.gate[2 * t] - rho3 / (rho3 + rhoOther)) < 1e-6)
            for j in 0..<3 where j != other { #expect(ws.scores[t, other] >= ws.scores[t, j]) }
        }
    }

    @Test func loadWindowForgetsStepsOlderThanItsCapacity() {
        var w = LoadWindow(capacity: 2, experts: 2)
        w.add([4, 0])
        w.add([1, 1])
        #expect(abs(w.maxVio - (5.0 / 3.0 - 1)) < 1e-6)
        w.add([1, 1])
        #expect(w.maxVio == 0)
        #expect(w.shares == [0.5, 0.5])
    }
}

@Suite struct MoEBalanceExperimentTests {
    static func small(_ balance: BalanceStrategy) -> GenerativeExperiment {
        var s = CoreSettings.small(batch: 128)
        s.snapshotPoints = 64
        s.optimizer.lr = 2e-3
        var c = MoEConfig()
        c.width = 16
        c.expertHidden = 8
        c.balance = balance
        return GenerativeExperiment(settings: s, method: MoEFlowMethod(settings: s, config: c))
    }

    @Test func sameSeedGivesIdenticalMetrics() {
        let a = Self.small(.lossfree), b = Self.small(.lossfree)
        for _ in 0..<20 { #expect(a.trainStep() == b.trainStep()) }
    }

    @Test func metricsCarryMaxVioAndOneLoadPerExpert() {
        let x = Self.small(.aux)
        let m = x.trainStep()
        #expect(x.extraMetricNames.count == m.extra.count)
        #expect(Array(x.extraMetricNames.prefix(3)) == ["maxvio", "maxvio_global", "aux_loss"])
        let loads = m.extra.suffix(8)
        #expect(abs(loads.reduce(0, +) - 1) < 1e-5)
        #expect(abs(m.extra[0] - maxViolation(Array(loads))) < 1e-6)
        #expect(m.extra[2] > 0)
        let s = x.snapshot()
        #expect(s.sampleGroups.count == s.samples.count / 2)
        #expect(s.sampleGroups.allSatisfy { $0 < 8 })
        #expect(s.histogramReference == 0.125)
        #expect(x.evaluate()["val_excess"] != nil)
        #expect(!x.evaluationNames.contains("maxvio_global"), "MaxVio is a per-step metric; evaluation must not repeat its column")
    }

    @Test func rejectsUnknownStrategiesAndOptions() {
        let x = Self.small(.none)
        #expect(throws: CommandError.self) { try x.apply(.setOption(key: "balance", value: "magic")) }
        #expect(throws: CommandError.self) { try x.apply(.setOption(key: "gamma", value: "1")) }
        #expect(throws: CommandError.self) { try x.apply(.setOption(key: "alpha", value: "-1")) }
    }

    /// The skewed router overloads a quarter of the experts; switching the loss-free bias on mid-run evens the load
    /// within a few hundred steps (u = 0.001 must close a router-bias head start of 3 in sigmoid units).
    @Test func switchingToLossFreeMidRunFlattensTheLoad() throws {
        let x = Self.small(.none)
        var before: Float = 0
        for s in 0..<300 {
            let m = x.trainStep()
            if s >= 200 { before += m.extra[0] / 100 }
        }
        let histogramBefore = (x.method as! MoEFlowMethod).recent.shares
        _ = try x.apply(.setOption(key: "balance", value: "lossfree"))
        var after: Float = 0
        for s in 0..<600 {
            let m = x.trainStep()
            if s >= 500 { after += m.extra[0] / 100 }
        }
        #expect(before > 1, "imbalance under the skewed router: batch MaxVio \(before)")
        #expect(after < 0.5, "after 600 loss-free steps: batch MaxVio \(after) (before \(before))")
        #expect(maxViolation((x.method as! MoEFlowMethod).recent.shares) < maxViolation(histogramBefore) / 2)
    }
}
