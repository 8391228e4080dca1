import Foundation
import Testing
@testable import Models

@Suite struct OptimizerAdamTests {
    /// p = [1, −2, 0.5]; g₁ = [0.1, −0.2, 0.3], g₂ = [0.1, 0.4, −0.3]; lr 0.01, β = (0.9, 0.999), ε = 1e-8.
    @Test func twoStepsMatchHandComputedValues() {
        let p = Parameter("w", .other, Matrix(rows: 1, cols: 3, data: [1, -2, 0.5]))
        let adam = Adam(config: config(.adam) { $0.lr = 0.01 })

        // Step 1: m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g², so each element moves by lr·g/(|g| + ε) ≈ lr·sign(g).
        p.grad = Matrix(rows: 1, cols: 3, data: [0.1, -0.2, 0.3])
        adam.step([p], lrScale: 1)
        #expect(p.value.maxAbsDifference(Matrix(rows: 1, cols: 3, data: [0.99, -1.99, 0.49])) < 1e-6)

        // Step 2: m = 0.09·g₁ + 0.1·g₂, v = 0.000999·g₁² + 0.001·g₂², bias corrections 1 − 0.9² = 0.19, 1 − 0.999² = 0.001999.
        p.grad = Matrix(rows: 1, cols: 3, data: [0.1, 0.4, -0.3])
        adam.step([p], lrScale: 1)
        let g1 = [0.1, -0.2, 0.3], g2 = [0.1, 0.4, -0.3], after1 = [0.99, -1.99, 0.49]
        for i in 0..<3 {
            let m = 0.09 * g1[i] + 0.1 * g2[i]
            let v = 0.000999 * g1[i] * g1[i] + 0.001 * g2[i] * g2[i]
            let expected = after1[i] - 0.01 * (m / 0.19) / ((v / 0.001999).squareRoot() + 1e-8)
            #expect(abs(Double(p.value.data[i]) - expected) < 1e-6)
        }
        // Element 0 saw the same gradient twice, so m̂ = g, v̂ = g² again: another lr·sign(g) = 0.01.
        #expect(abs(p.value.data[0] - 0.98) < 1e-6)
        // Element 2 flipped sign: m = 0.027 − 0.03 = −0.003, m̂ = −0.01579; v̂ = 0.09 → moves +0.01·0.01579/0.3.
        #expect(abs(Double(p.value.data[2]) - (0.49 + 0.01 * (0.003 / 0.19) / 0.3)) < 1e-6)
        #expect(adam.moments(of: p)?.t == 2)
    }

    /// ε turns the sign-like step into lr·g/(|g| + ε): with ε ≫ |g| Adam's first step is ≈ SGD with lr/ε.
    @Test func epsilonSoftensTheSign() {
        for eps: Float in [1e-8, 1e-3, 1] {
            let p = Parameter("w", .other, Matrix(rows: 1, cols: 2), grad: Matrix(rows: 1, cols: 2, data: [1e-3, -2e-3]))
            Adam(config: config(.adam) { $0.lr = 0.1; $0.eps = eps }).step([p], lrScale: 1)
            #expect(abs(p.value.data[0] - (-0.1 * 1e-3 / (1e-3 + eps))) < 1e-7)
            #expect(abs(p.value.data[1] - (0.1 * 2e-3 / (2e-3 + eps))) < 1e-7)
        }
    }

    /// AdamW: weight decay multiplies p by (1 − lr·wd) and never enters the moments.
    @Test func weightDecayIsDecoupled() {
        let w0 = Matrix(rows: 2, cols: 3, data: [1, -1, 2, -2, 3, -3])
        let g = Matrix(rows: 2, cols: 3, data: [0.5, 0.1, -0.2, 0, 0.3, -0.4])
        let plain = Parameter("w", .other, w0, grad: g), decayed = Parameter("w", .other, w0, grad: g)
        let a = Adam(config: config(.adam) { $0.lr = 0.01 })
        let b = Adam(config: config(.adam) { $0.lr = 0.01; $0.weightDecay = 0.1 })
        a.step([plain], lrScale: 1)
        b.step([decayed], lrScale: 1)
        // (p₀ − lr·û) vs p₀·(1 − 0.001) − lr·û: they differ by exactly p₀·0.001.
        for i in 0..<6 { #expect(abs(decayed.value.data[i] - (plain.value.data[i] - w0.data[i] * 0.001)) < 1e-6) }
        #expect(a.moments(of: plain)!.m == b.moments(of: decayed)!.m)
        #expect(a.moments(of: plain)!.v == b.moments(of: decayed)!.v)
        // With a zero gradient only the decay acts.
        let idle = Parameter("w", .other, w0)
        b.step([idle], lrScale: 1)
        for i in 0..<6 { #expect(abs(idle.value.data[i] - w0.data[i] * 0.999) < 1e-6) }
    }

    /// The SIMD loop's 8-lane blocks and its partial tail agree with the scalar formula (19 = 8 + 8 + 3).
    @Test func vectorisedLoopHandlesTails() {
        let w0 = Matrix.gaussian(1, 19, seed: 4), g = Matrix.gaussian(1, 19, seed: 5)
        let p = Parameter("w", .other, w0, grad: g)
        Adam(config: config(.adam) { $0.lr = 0.05; $0.weightDecay = 0.2 }).step([p], lrScale: 0.5)
        for i in 0..<19 {
            let gi = Double(g.data[i]), lr = 0.025
            let expected = Double(w0.data[i]) * (1 - lr * 0.2) - lr * gi / (abs(gi) + 1e-8)
            #expect(abs(Double(p.value.data[i]) - expected) < 1e-6)
        }
    }
}

@Suite struct OptimizerSGDTests {
    /// lr 0.1, μ 0.9, g = 1, 2, −1: buf = 1, 2.9, 1.61 and p = −0.1, −0.39, −0.551.
    @Test func heavyBallMomentum() {
        let p = Parameter("w", .other, Matrix(rows: 1, cols: 1))
        let sgd = SGD(config: config(.sgd) { $0.lr = 0.1; $0.momentum = 0.9 })
        var values: [Float] = []
        for g: Float in [1, 2, -1] {
            p.grad.data[0] = g
            sgd.step([p], lrScale: 1)
            values.append(p.value.data[0])
        }
        for (v, e) in zip(values, [-0.1, -0.39, -0.551] as [Float]) { #expect(abs(v - e) < 1e-6) }
    }

    /// Nesterov steps along g + μ·buf: d₁ = 1 + 0.9·1 = 1.9, d₂ = 2 + 0.9·2.9 = 4.61 → p = −0.19, −0.651.
    @Test func nesterovMomentum() {
        let p = Parameter("w", .other, Matrix(rows: 1, cols: 1))
        let sgd = SGD(config: config(.sgd) { $0.lr = 0.1; $0.momentum = 0.9; $0.nesterov = true })
        p.grad.data[0] = 1
        sgd.step([p], lrScale: 1)
        #expect(abs(p.value.data[0] - -0.19) < 1e-6)
        p.grad.data[0] = 2
        sgd.step([p], lrScale: 1)
        #expect(abs(p.value.data[0] - -0.651) < 1e-6)
    }

    /// μ = 0 is plain SGD; lrScale multiplies the step; weight decay is decoupled.
    @Test func plainSGDWithDecayAndScale() {
        let p = Parameter("w", .other, Matrix(rows: 1, cols: 2, data: [1, 2]), grad: Matrix(rows: 1, cols: 2, data: [3, -1]))
        SGD(config: config(.sgd) { $0.lr = 0.1; $0.momentum = 0; $0.weightDecay = 0.5 }).step([p], lrScale: 0.5)
        // lr = 0.05: p = p·(1 − 0.025) − 0.05·g.
        #expect(abs(p.value.data[0] - (0.975 - 0.15)) < 1e-6)
        #expect(abs(p.value.data[1] - (1.95 + 0.05)) < 1e-6)
    }
}

@Suite struct OptimizerBankTests {
    static func makeParameters() -> [Parameter] {
        [Parameter("in", .inputMatrix, .gaussian(4, 3, seed: 1)),
         Parameter("hidden", .hiddenMatrix, .gaussian(4, 4, seed: 2)),
         Parameter("bias", .bias, .gaussian(1, 4, seed: 3))]
    }

    /// The gradient of step `t`, the same for the bank and any reference copy.
    static func setGrads(_ params: [Parameter], step t: Int) {
        for (i, p) in params.enumerated() {
            p.grad = .gaussian(p.value.rows, p.value.cols, seed: UInt64(100 * t + i), scale: 0.1)
        }
    }

    /// Adam → Muon → Adam: parameters carry over; the parameters Muon leaves to AdamW (first layer, biases) keep
    /// ONE AdamW state through every switch, so they step exactly as if Adam had never been switched off; the hidden
    /// matrix's Adam moments wait while Muon runs, and Muon keeps its momentum.
    @Test func hotSwapKeepsEachOptimizersState() throws {
        let cfg = config(.adam) { $0.lr = 0.01; $0.muonLR = 0.05 }
        let params = Self.makeParameters()
        let bank = OptimizerBank(parameters: params, config: cfg)
        let reference = params.map { $0.clone() }
        let refAdam = Adam(config: cfg)
        let side = [0, 2]

        // Phase 1: three Adam steps, identical to a standalone Adam.
        for t in 0..<3 {
            Self.setGrads(params, step: t); Self.setGrads(reference, step: t)
            bank.step()
            refAdam.step(reference, lrScale: 1)
        }
        for (p, r) in zip(params, reference) { #expect(p.value == r.value) }

        // Phase 2: two Muon steps; the side parameters continue the same AdamW (t = 4, 5), step for step.
        bank.switchTo(.muon)
        #expect(bank.current == .muon && bank.config.kind == .muon && bank.lr == 0.05)
        for t in 3..<5 {
            Self.setGrads(params, step: t); Self.setGrads(reference, step: t)
            bank.step()
            refAdam.step(side.map { reference[$0] }, lrScale: 1)
            for i in side { #expect(params[i].value == reference[i].value, "AdamW side of Muon at step \(t): \(params[i].name)") }
        }
        #expect(bank.stateCount(of: .adam) == 3 && bank.stateCount(of: .muon) == 2 && bank.stateCount(of: .sgd) == 0)
        let muon = try #require(bank.existingOptimizer(.muon) as? Muon)
        let muonMomentum = try #require(muon.momentum(of: params[1]))
        let adam = try #require(bank.existingOptimizer(.adam) as? Adam)
        #expect(adam.moments(of: params[2])?.t == 5 && adam.moments(of: params[1])?.t == 3)

        // Phase 3: back on Adam, every parameter steps as an Adam with the same moments at the same point.
        bank.switchTo(.adam)
        reference[1].value = params[1].value
        let fresh = params.map { $0.clone() }
        Self.setGrads(params, step: 5); Self.setGrads(reference, step: 5); Self.setGrads(fresh, step: 5)
        bank.step()
        refAdam.step(reference, lrScale: 1)
        Adam(config: cfg).step(fresh, lrScale: 1)
        for (p, r) in zip(params, reference) { #expect(p.value == r.value) }
        // A restarted Adam (t = 1, zero moments) would have gone elsewhere.
        #expect(params[0].value.maxAbsDifference(fresh[0].value) > 1e-4)
        #expect(adam.moments(of: params[1])?.t == 4 && adam.moments(of: params[2])?.t == 6)

        // Phase 4: Muon resumes with the momentum it had.
        bank.switchTo(.muon)
        #expect(muon.momentum(of: params[1]) == muonMomentum)
        bank.step()
        #expect(bank.stateCount(of: .muon) == 3 && bank.stateCount(of: .adam) == 4)
        #expect(bank.existingOptimizer(.muon) === muon)
    }

    /// The headline LR is Muon's hidden-matrix LR for .muon; setting it scales Muon's AdamW side along.
    @Test func headlineLR() {
        let bank = OptimizerBank(parameters: [], config: config(.muon) { $0.lr = 1e-3; $0.muonLR = 0.02 })
        #expect(bank.lr == 0.02)
        bank.setLR(0.04)
        #expect(bank.config.muonLR == 0.04 && abs(bank.config.lr - 2e-3) < 1e-9)
        bank.switchTo(.moonlight)
        #expect(abs(bank.lr - 2e-3) < 1e-9)
        bank.setLR(5e-3)
        #expect(bank.config.lr == 5e-3 && bank.config.muonLR == 0.04)
    }

    /// reset() forgets every optimizer; switching to the current kind is a no-op.
    @Test func resetDropsState() {
        let params = Self.makeParameters()
        let bank = OptimizerBank(parameters: params, config: config(.sgd))
        Self.setGrads(params, step: 0)
        bank.step()
        bank.switchTo(.sgd)
        bank.step()
        #expect(bank.stateCount(of: .sgd) == 2)
        bank.reset()
        #expect(bank.stateCount(of: .sgd) == 0 && bank.current == .sgd)
        #expect(OptimizerKind.allCases.map(\.label) == ["SGD", "Adam", "Muon", "Moonlight"])
    }
}
