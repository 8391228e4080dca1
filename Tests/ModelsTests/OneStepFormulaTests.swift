import Foundation
import Testing
@testable import Models

@Suite struct ConsistencyFormulaTests {
    /// Hand-computed at σ_d = 0.5, σ_min = 0.002, σ = 1: c_skip = 0.25/(0.998² + 0.25), c_out = 0.998·0.5/√1.25, c_in = 1/√1.25.
    @Test func scalingsMatchHandValues() {
        let s = ConsistencyScalings(sigmaData: 0.5, sigmaMin: 0.002)
        #expect(abs(s.cSkip(1) - 0.200_641) < 1e-5)
        #expect(abs(s.cOut(1) - 0.446_320) < 1e-5)
        #expect(abs(s.cIn(1) - 0.894_427) < 1e-5)
        // Far from σ_min the skip vanishes and c_out tends to σ_d.
        #expect(s.cSkip(1000) < 1e-6 && abs(s.cOut(1000) - 0.5) < 1e-3)
    }

    @Test func boundaryScalingsAreExact() {
        let s = ConsistencyScalings(sigmaData: 2.87, sigmaMin: 0.01)
        #expect(s.cSkip(0.01) == 1)
        #expect(s.cOut(0.01) == 0)
    }

    /// f(x, σ_min) = x bit for bit, whatever the (random, untrained) network outputs.
    @Test func consistencyFunctionIsIdentityAtSigmaMin() {
        let c = OneStepConfig()
        let exp = ConsistencyMethod(settings: CoreSettings.small(), config: c)
        var rng = RNG(seed: 4)
        let x = (0..<64).map { _ in 5 * rng.normalFloat() }
        #expect(exp.consistencyFunction(x, sigma: c.sigmaMin) == x)
        #expect(exp.consistencyFunction(x, sigma: 1) != x)
    }

    @Test func karrasGridRunsFromSigmaMinToSigmaMax() {
        let s = karrasSigmas(count: 11, sigmaMin: 0.002, sigmaMax: 80, rho: 7)
        #expect(s.first == 0.002 && s.last == 80)
        #expect(zip(s, s.dropFirst()).allSatisfy { $0 < $1 })
        // Three points: the middle is the ρ-mean ((σ_min^{1/ρ} + σ_max^{1/ρ})/2)^ρ.
        let m = karrasSigmas(count: 3, sigmaMin: 0.002, sigmaMax: 80, rho: 7)[1]
        let expected = pow((pow(0.002, 1.0 / 7) + pow(80, 1.0 / 7)) / 2, 7)
        #expect(abs(Double(m) - expected) / expected < 1e-5)
    }

    /// iCT: s0 = 10, s1 = 1280 gives 8 stages; with K = 8000, K′ = 1000 and N doubles every 1000 steps from 11 to 1281.
    @Test func curriculumDoublesThenSaturates() {
        let n = { (k: Int) in ictDiscretisation(step: k, totalSteps: 8000, s0: 10, s1: 1280) }
        #expect(n(0) == 11 && n(999) == 11)
        #expect(n(1000) == 21 && n(2500) == 41)
        #expect(n(7000) == 1281 && n(7999) == 1281 && n(1_000_000) == 1281)
    }

    @Test func lognormalProposalIsADistribution() {
        let s = karrasSigmas(count: 41, sigmaMin: 0.01, sigmaMax: 40, rho: 7)
        let p = lognormalPairProbabilities(s, pMean: 0.65, pStd: 2)
        #expect(p.count == 40 && p.allSatisfy { $0 >= 0 })
        #expect(abs(p.reduce(0, +) - 1) < 1e-12)
    }

    /// √(‖d‖² + c²) − c: ≈ ‖d‖²/(2c) near zero, ≈ ‖d‖ − c far away (exactly √(25 + c²) − c at ‖d‖ = 5); gradient against central differences.
    @Test func pseudoHuberValuesAndGradient() {
        let c: Float = 0.01
        let small = pseudoHuber(SIMD2(0.001, 0), .zero, c: c).value
        #expect(abs(small - 0.001 * 0.001 / (2 * c)) < 1e-6)
        let far = pseudoHuber(SIMD2(3, 4), .zero, c: c).value
        #expect(abs(Double(far) - ((25 + 1e-4).squareRoot() - 0.01)) < 2e-6)
        let a = SIMD2<Float>(0.3, -0.2), b = SIMD2<Float>(-0.1, 0.25), h: Float = 1e-3
        let g = pseudoHuber(a, b, c: c).grad
        let gx = (pseudoHuber(a + SIMD2(h, 0), b, c: c).value - pseudoHuber(a - SIMD2(h, 0), b, c: c).value) / (2 * h)
        let gy = (pseudoHuber(a + SIMD2(0, h), b, c: c).value - pseudoHuber(a - SIMD2(0, h), b, c: c).value) / (2 * h)
        #expect(abs(g.x - gx) < 1e-3 && abs(g.y - gy) < 1e-3)
    }
}

@Suite struct ShortcutFormulaTests {
    /// For the linear field s = −x, two Euler steps of d give (1 − d)²x, so the 2d-step target is −(1 − d/2)·x.
    @Test func targetOnALinearField() {
        let x = SIMD2<Float>(1.5, -2), d: Float = 0.25
        let t = shortcutTarget(x: x, tau: 0.5, d: d) { p, _ in -p }
        let expected = -(1 - d / 2) * x
        #expect(abs(t.x - expected.x) < 1e-6 && abs(t.y - expected.y) < 1e-6)
        let twoSteps = (1 - d) * (1 - d) * x
        let oneBigStep = x + 2 * d * t
        #expect(abs(oneBigStep.x - twoSteps.x) < 1e-6 && abs(oneBigStep.y - twoSteps.y) < 1e-6)
    }

    /// The batched targets the trainer uses agree with the formula on a net that is exactly s = −x + τ·(1, 2).
    @Test func batchedTargetsOfALinearNet() {
        var rng = RNG(seed: 1)
        let net = ShortcutNet(hidden: [], activation: .silu, levels: 3, rng: &rng)
        let layer = net.mlp.layers[0]
        layer.weight.value.fill(0)
        layer.bias.value.fill(0)
        layer.weight.value[0, 0] = -1
        layer.weight.value[1, 1] = -1
        layer.weight.value[0, 2] = 1
        layer.weight.value[1, 2] = 2
        let field = { (p: SIMD2<Float>, tau: Float) in -p + tau * SIMD2<Float>(1, 2) }
        let xs: [SIMD2<Float>] = [SIMD2(1, 2), SIMD2(-3, 0.5), SIMD2(0.2, -0.7)]
        let taus: [Float] = [0, 0.5, 0.75], levels = [0, 1, 2]
        let got = net.bootstrapTargets(xs: xs, taus: taus, levels: levels, workspace: MLPWorkspace(shape: net.mlp.shape))
        for i in 0..<3 {
            let d = 1 / Float(1 << (levels[i] + 1))
            let want = shortcutTarget(x: xs[i], tau: taus[i], d: d, s: field)
            #expect(abs(got[i].x - want.x) < 1e-5 && abs(got[i].y - want.y) < 1e-5)
        }
    }

    /// M steps of d = 1/M: with the field s = x_data − z of a straight path, any M lands on the same point.
    @Test func samplingUsesStepSizeOneOverM() {
        var rng = RNG(seed: 2)
        let net = ShortcutNet(hidden: [], activation: .silu, levels: 3, rng: &rng)
        let layer = net.mlp.layers[0]
        layer.weight.value.fill(0)
        layer.bias.value.fill(0)
        layer.bias.value[0, 0] = 3
        layer.bias.value[0, 1] = -1
        for m in [1, 2, 4, 8] {
            let x = net.sample(noise: [0.5, 0.5], steps: m)
            #expect(abs(x[0] - 3.5) < 1e-5 && abs(x[1] + 0.5) < 1e-5)
        }
    }
}

@Suite struct SiDLossTests {
    /// λ = 0.5 is FGM: (a − b)·[(a − x) − ½(a − b)] = ½(‖a − x‖² − ‖b − x‖²).
    @Test func halfLambdaIsFGM() {
        var rng = RNG(seed: 3)
        for _ in 0..<20 {
            let a = SIMD2(rng.normalFloat(), rng.normalFloat()), b = SIMD2(rng.normalFloat(), rng.normalFloat())
            let x = SIMD2(rng.normalFloat(), rng.normalFloat())
            let l = sidGeneratorLoss(teacher: a, fake: b, sample: x, lambda: 0.5)
            let w = max((abs(x.x - a.x) + abs(x.y - a.y)) / 2, 1e-5)
            let fgm = 0.5 * (((a - x) * (a - x)).sum() - ((b - x) * (b - x)).sum()) / w
            #expect(abs(l.value - fgm) < 1e-4 * max(1, abs(fgm)))
        }
    }

    /// Partial derivatives of the unnormalised loss against central differences, for λ ∈ {0.5, 1, 1.2}.
    @Test func partialsMatchFiniteDifferences() {
        let a = SIMD2<Float>(0.7, -1.1), b = SIMD2<Float>(-0.4, 0.3), x = SIMD2<Float>(0.2, 0.9), h: Float = 1e-3
        for lambda: Float in [0.5, 1, 1.2] {
            let f = { (a: SIMD2<Float>, b: SIMD2<Float>, x: SIMD2<Float>) in
                sidGeneratorLoss(teacher: a, fake: b, sample: x, lambda: lambda, normalise: false).value
            }
            let l = sidGeneratorLoss(teacher: a, fake: b, sample: x, lambda: lambda, normalise: false)
            for k in 0..<2 {
                var e = SIMD2<Float>.zero
                e[k] = h
                #expect(abs((f(a + e, b, x) - f(a - e, b, x)) / (2 * h) - l.dA[k]) < 1e-3)
                #expect(abs((f(a, b + e, x) - f(a, b - e, x)) / (2 * h) - l.dB[k]) < 1e-3)
                #expect(abs((f(a, b, x + e) - f(a, b, x - e)) / (2 * h) - l.dX[k]) < 1e-3)
            }
        }
    }

    /// With the denoisers held fixed, descending the loss moves the sample along f_φ − f_ψ: toward the teacher's mode.
    @Test func gradientPushesSamplesTowardTheTeacher() {
        let real = SIMD2<Float>(4, 0), fakeMode = SIMD2<Float>(0, 0), x = SIMD2<Float>(0.1, 0.2)
        for lambda: Float in [0.5, 1, 1.2] {
            let l = sidGeneratorLoss(teacher: real, fake: fakeMode, sample: x, lambda: lambda)
            #expect((-l.dX * (real - fakeMode)).sum() > 0)
        }
        let same = sidGeneratorLoss(teacher: real, fake: real, sample: x, lambda: 1)
        #expect(same.value == 0 && same.dX == .zero)
    }
}

@Suite struct OneStepScheduleTests {
    /// The lab's t of an EDM σ: x_t = (1−t)·(x0 + σ·ε) with σ = t/(1−t), so flowTime inverts t/(1−t).
    @Test func flowTimeInvertsTheNoiseLevel() {
        for t: Float in [0.05, 0.5, 0.9, 0.99] { #expect(abs(flowTime(sigma: t / (1 - t)) - t) < 1e-5) }
        #expect(flowTime(sigma: 0) == 0)
    }

    /// SiD's generator-loss σ (sid_loss.py): σ_min at u = 0, σ_max at u = 1, increasing; the official tmax 800 stops at 24.41.
    @Test func karrasNoiseLevelsOfTheOfficialCode() {
        #expect(abs(SiDNoiseSchedule.karrasSigma(0) - 0.002) < 1e-6)
        #expect(abs(SiDNoiseSchedule.karrasSigma(1) - 80) < 1e-3)
        #expect(abs(SiDNoiseSchedule.karrasSigma(0.8) - 24.408) < 1e-2)
        #expect(abs(SiDNoiseSchedule.karrasSigma(0.5) - 2.515) < 1e-3)
        let s = SiDNoiseSchedule(kind: .karras, tmax: 0.8, sigmaData: 2.87)
        let ts = stride(from: Float(0), to: 1, by: 0.05).map { s.generatorTime(uniform: $0) }
        #expect(zip(ts, ts.dropFirst()).allSatisfy { $0 < $1 })
        #expect(abs(s.generatorTime(uniform: 1) - 0.99291) < 1e-4, "σ = 24.41 × 2.87/0.5 = 140.1 → t = 0.9929")
        #expect(ts[0] > 0 && ts[0] < 0.012, "σ_min 0.002 in data units is t ≈ 0.0114")
    }

    /// The fake score trains at its teacher's times U(0, 1) under the official schedule; the uniform one shares the generator's range.
    @Test func fakeScoreTimes() {
        var r = RNG(seed: 1)
        let karras = SiDNoiseSchedule(kind: .karras, tmax: 0.8, sigmaData: 2.87)
        let ks = (0..<4000).map { _ in karras.fakeTime(&r) }
        #expect(abs(ks.reduce(0, +) / 4000 - 0.5) < 0.02 && ks.min()! < 0.01 && ks.max()! > 0.99)
        let uniform = SiDNoiseSchedule(kind: .uniform, tmax: 0.8, sigmaData: 2.87)
        let us = (0..<4000).map { _ in uniform.fakeTime(&r) }
        #expect(us.min()! >= 0.02 && us.max()! <= 0.98)
    }

    /// The official `dt_base`: the bootstrap rows split evenly from the smallest step size down to d = 1, the rest at d = 1.
    @Test func bootstrapRowsSplitEvenlyOverStepSizes() {
        let levels = (0..<64).map { ShortcutMethod.bootstrapLevel(row: $0, of: 64, levels: 7) }
        #expect(levels.prefix(9).allSatisfy { $0 == 6 } && levels[9] == 5 && levels[53] == 1)
        #expect(levels[54...].allSatisfy { $0 == 0 }, "9 rows per level, the last row also at d = 1")
        for k in 0..<7 { #expect(levels.filter { $0 == k }.count >= 9) }
        #expect((0..<4).map { ShortcutMethod.bootstrapLevel(row: $0, of: 4, levels: 7) } == [0, 0, 0, 0])
    }
}

@Suite struct DropoutTests {
    /// With dropout the backward pass is the gradient of the masked forward pass: central differences of one weight.
    @Test func maskedPassesAgreeWithFiniteDifferences() {
        var r = RNG(seed: 4)
        let mlp = MLP(MLPShape(input: 3, hidden: [8, 8], output: 2), rng: &r)
        let ws = MLPWorkspace(shape: mlp.shape, batch: 5)
        for j in 0..<ws.input.count { ws.input.data[j] = r.normalFloat() }
        let d = DropoutMasks(rate: 0.3)
        d.draw(rows: 5, for: mlp, rng: &r)
        #expect(d.masks.allSatisfy { m in m.data.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 } })
        #expect(d.masks.contains { m in m.data.contains(0) }, "some units are dropped")
        let loss = { () -> Float in
            mlp.forward(ws, dropout: d)
            return ws.output.data.reduce(0) { $0 + $1 * $1 } / 2
        }
        _ = loss()
        for j in 0..<ws.outputGrad.count { ws.outputGrad.data[j] = ws.output.data[j] }
        mlp.backward(ws, dropout: d)
        let p = mlp.layers[1].weight
        let h: Float = 1e-3
        for j in [0, 7, 21, 40] {
            let g = p.grad.data[j], keep = p.value.data[j]
            p.value.data[j] = keep + h
            let up = loss()
            p.value.data[j] = keep - h
            let down = loss()
            p.value.data[j] = keep
            #expect(abs((up - down) / (2 * h) - g) < 2e-3 * max(1, abs(g)), "weight \(j)")
        }
    }
}
