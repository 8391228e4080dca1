import Foundation
import Testing
@testable import Models

/// Pairs of views of a few points, drawn once.
private func pairs(_ n: Int, seed: UInt64 = 0) -> ViewPairs {
    var p = ViewPairs(count: 0)
    var data = DataStream(dataset: .gaussians8, seed: seed)
    var rng = RNG(seed: seed, stream: 9)
    p.draw(count: n, noise: 0.3, data: &data, rng: &rng)
    return p
}

private func encoder(hidden: [Int] = [16, 16], dim: Int = 3, tau: Float = 0.3, seed: UInt64 = 4) -> ContrastiveEncoder {
    var rng = RNG(seed: seed)
    return ContrastiveEncoder(hidden: hidden, dim: dim, activation: .silu, tau: tau, rng: &rng)
}

@Suite struct InfoNCETests {
    /// Two pairs of orthogonal unit vectors at τ = 1: S = I, each row's softmax puts e/(e + 1) on its positive.
    @Test func lossOfAKnownConfiguration() {
        let loss = InfoNCE(tau: 1)
        var g = Matrix(rows: 4, cols: 2)
        let l = loss.lossAndGradient(Matrix(rows: 4, cols: 2, data: [1, 0, 0, 1, 1, 0, 0, 1]), grad: &g)
        #expect(abs(Double(l) - log(1 + exp(-1))) < 1e-6)
    }

    /// ∂L/∂e against central differences, with every other row a negative.
    @Test func gradientMatchesCentralDifferences() {
        var rng = RNG(seed: 2)
        var e = Matrix(rows: 8, cols: 3)
        rng.fillNormal(&e)
        let loss = InfoNCE(tau: 0.5)
        var g = Matrix(rows: 8, cols: 3), scratch = g
        _ = loss.lossAndGradient(e, grad: &g)
        for i in 0..<e.count {
            var plus = e, minus = e
            plus.data[i] += 1e-2
            minus.data[i] -= 1e-2
            let numeric = (Double(loss.lossAndGradient(plus, grad: &scratch)) - Double(loss.lossAndGradient(minus, grad: &scratch))) / 2e-2
            #expect(abs(numeric - Double(g.data[i])) < 2e-3, "coordinate \(i)")
        }
    }

    @Test func normalisationBackwardIsTheProjectionDividedByTheNorm() {
        let u = Matrix(rows: 1, cols: 2, data: [3, 4])
        var e = u, gu = u, norms: [Float] = []
        RowNormalization.forward(u, into: &e, norms: &norms)
        #expect(e.data == [0.6, 0.8] && norms == [5])
        RowNormalization.backward(e, norms: norms, grad: Matrix(rows: 1, cols: 2, data: [1, 0]), into: &gu)
        // (g − e⟨e, g⟩)/‖u‖ = ((1, 0) − 0.6·(0.6, 0.8))/5
        #expect(abs(gu.data[0] - 0.64 / 5) < 1e-7 && abs(gu.data[1] + 0.48 / 5) < 1e-7)
    }

    /// GradCache gives the full batch's gradient to float rounding for every k; naive accumulation does not.
    @Test func exactAccumulationEqualsTheFullBatchAndNaiveDoesNot() {
        let enc = encoder(), p = pairs(64)
        let full = enc.gradient(p, .full)
        for k in [2, 4, 8, 16] {
            let exact = enc.gradient(p, .exact(k))
            #expect(relativeError(exact.grad, to: full.grad) < 1e-5, "k = \(k)")
            #expect(abs(exact.loss - full.loss) < 1e-6 * abs(full.loss))
        }
        #expect(enc.gradient(p, .naive(1)).grad == full.grad, "one micro-batch is the batch")
        let naive = enc.gradient(p, .naive(8))
        #expect(relativeError(naive.grad, to: full.grad) > 0.05 && naive.loss < full.loss, "8 negatives instead of 64: a different, easier loss")
    }

    /// The encoder's full-batch gradient against central differences of the loss (the whole chain: MLP, normalisation, InfoNCE).
    @Test func encoderGradientMatchesCentralDifferences() {
        let enc = encoder(hidden: [5], dim: 2, tau: 0.5), p = pairs(6)
        let g = enc.gradient(p, .full).grad
        var j = 0, worst = 0.0
        for q in enc.parameters {
            for i in 0..<q.count {
                let v = q.value.data[i]
                q.value.data[i] = v + 1e-2
                let up = Double(enc.chunkLossAndGradient(p, 0..<6))
                q.value.data[i] = v - 1e-2
                let down = Double(enc.chunkLossAndGradient(p, 0..<6))
                q.value.data[i] = v
                worst = max(worst, abs((up - down) / 2e-2 - g[j]) / max(1e-2, abs(g[j])))
                j += 1
            }
        }
        #expect(worst < 2e-2, "worst relative error \(worst)")
    }

    /// Wang & Isola's measures on configurations with known answers: collapse reads uniformity 0 (the worst) and
    /// alignment 0; points evenly on the circle read log(e⁻⁴·I₀(4)), the uniform distribution's value.
    @Test func alignmentAndUniformityKnownValues() {
        let collapsed = Matrix(rows: 100, cols: 2, data: Array(repeating: [1, 0], count: 100).flatMap { $0 })
        #expect(AlignmentUniformity.alignment(collapsed, collapsed) == 0 && abs(AlignmentUniformity.uniformity(collapsed)) < 1e-12)
        let n = 2000
        let circle = Matrix(rows: n, cols: 2, data: (0..<n).flatMap { i in
            let a = 2 * Double.pi * Double(i) / Double(n)
            return [Float(cos(a)), Float(sin(a))]
        })
        #expect(abs(AlignmentUniformity.uniformity(circle) - logScaledBesselI0(4)) < 2e-3)
        let quarterTurn = Matrix(rows: 1, cols: 2, data: [0, 1])
        #expect(abs(AlignmentUniformity.alignment(Matrix(rows: 1, cols: 2, data: [1, 0]), quarterTurn) - 2) < 1e-6)
    }
}

@Suite struct AccumulationMethodTests {
    private func experiment(accumulate k: Int, batch: Int = 64) -> GenerativeExperiment {
        var s = CoreSettings.small(batch: batch)
        s.accumulate = k
        var c = ContrastiveConfig()
        c.evalPairs = 64
        c.checkCounts = [2, 8]
        return GenerativeExperiment(settings: s, method: InfoNCEMethod(settings: s, config: c))
    }

    private func weights(_ e: GenerativeExperiment, _ group: String) -> [Float] {
        e.optimizers.groups.first { $0.name == group }!.parameters.flatMap(\.value.data)
    }

    /// Without micro-batches the two encoders are one run; with 8 the exact one still follows the full batch's run
    /// while the naive one leaves it.
    @Test func exactFollowsTheFullBatchRunAndNaiveLeavesIt() {
        let one = experiment(accumulate: 1), eight = experiment(accumulate: 8)
        for _ in 0..<5 {
            _ = one.trainStep()
            _ = eight.trainStep()
        }
        #expect(weights(one, "exact") == weights(one, "naive"))
        let full = weights(one, "exact").map(Double.init)
        #expect(relativeError(weights(eight, "exact").map(Double.init), to: full) < 1e-4)
        #expect(relativeError(weights(eight, "naive").map(Double.init), to: full) > 1e-3)
    }

    /// summary.json's gradient errors: GradCache at float rounding, naive off by percents, at init and after training.
    @Test func evaluationReportsTheGradientCheck() throws {
        let e = experiment(accumulate: 8)
        e.train(to: 20)
        let ev = e.evaluate()
        for prefix in ["", "init_"] {
            #expect(try #require(ev[prefix + "exact_grad_relerr_8"]) < 1e-4)
            #expect(try #require(ev[prefix + "naive_grad_relerr_8"]) > 0.05)
            #expect(try #require(ev[prefix + "naive_grad_cosine_8"]) < 0.999)
        }
        #expect(Set(ev.names) == Set(e.evaluationNames))
    }

    /// A small reflow accumulating 4 micro-batches, with the accumulation check, trained `steps` steps.
    private func flowAccumulationCheck(trainedTo steps: Int) -> GenerativeExperiment {
        var s = CoreSettings.small(batch: 64)
        s.accumulate = 4
        let e = GenerativeExperiment(settings: s, method: FlowAccumulationCheck(ReFlowMethod(settings: s)))
        e.train(to: steps)
        return e
    }

    /// The separable flow loss: the accumulation check reads float rounding at every k.
    @Test func flowAccumulationCheckReadsFloatRounding() throws {
        let e = flowAccumulationCheck(trainedTo: 10)
        let ev = e.evaluate()
        for k in [2, 4, 8, 16] { #expect(try #require(ev["accum_grad_relerr_\(k)"]) < 1e-5, "k = \(k)") }
    }

    /// Beside it, the contrast: InfoNCE's encoder, trained one step for every three of the flow's, reads GradCache at
    /// float rounding and naive accumulation as another gradient, with the step it stands at.
    @Test func flowAccumulationCheckShowsInfoNCEsContrastWithItsStep() throws {
        let e = flowAccumulationCheck(trainedTo: 30)
        let ev = e.evaluate()
        #expect(ev["infonce_step"] == 10)
        for k in InfoNCECompanion.counts {
            #expect(try #require(ev["infonce_exact_relerr_\(k)"]) < 1e-4, "GradCache, k = \(k)")
            #expect(try #require(ev["infonce_naive_relerr_\(k)"]) > 1e-3, "naive, k = \(k)")
        }
        #expect(Set(InfoNCECompanion.names).isSubset(of: e.evaluationNames))
        #expect(InfoNCECompanion.steps(atFlowStep: 3000) == 1000 && InfoNCECompanion.steps(atFlowStep: 9000) == 1000)
    }

    /// The companion's state depends on its step alone: trained in two goes or in one, it measures the same.
    @Test func theInfoNCECompanionIsAFunctionOfItsStep() {
        let a = InfoNCECompanion(dataset: .gaussians8, seed: 3), b = InfoNCECompanion(dataset: .gaussians8, seed: 3)
        a.train(to: 4)
        a.train(to: 9)
        b.train(to: 9)
        #expect(a.check().map(\.1) == b.check().map(\.1))
    }
}
