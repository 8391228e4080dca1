import Foundation
import Testing
@testable import Models

@Suite struct MuonTests {
    /// One Muon step on a 2×3 hidden matrix against muon.py's formulas evaluated in Double:
    /// buf = 0.05·g, u = 0.05·g + 0.95·buf = 0.0975·g; W₁ = W₀·(1 − lr·wd) − lr·√max(1, 2/3)·NS(u).
    @Test func singleStepMatchesDoubleReference() {
        let w0 = [[0.5, -0.25, 1.0], [0.0, 0.75, -0.5]]
        let g = [[1.0, 2.0, -1.0], [0.5, -1.5, 3.0]]
        let p = Parameter("h", .hiddenMatrix, Matrix(w0), grad: Matrix(g))
        let muon = Muon(config: config(.muon) { $0.muonLR = 0.02; $0.weightDecay = 0.1 })
        muon.step([p], lrScale: 1)
        let u = g.map { $0.map { 0.0975 * $0 } }
        let ns = Dense.newtonSchulz(u)
        for i in 0..<2 {
            for j in 0..<3 {
                let expected = w0[i][j] * (1 - 0.02 * 0.1) - 0.02 * ns[i][j]
                #expect(abs(Double(p.value[i, j]) - expected) < 1e-5)
            }
        }
        #expect(muon.momentum(of: p)!.maxAbsDifference(Matrix(g.map { $0.map { 0.05 * $0 } })) < 1e-7)
    }

    /// The in-place workspace (syrk/symm) agrees with the plain Double iteration on wide, tall and square inputs.
    @Test(arguments: [(3, 5), (5, 3), (16, 16), (7, 20)])
    func newtonSchulzMatchesDoubleReference(shape: (Int, Int)) {
        let g = Matrix.gaussian(shape.0, shape.1, seed: 11)
        let ours = newtonSchulz5(g)
        let reference = Matrix(Dense.newtonSchulz(g.doubles))
        #expect(ours.rows == g.rows && ours.cols == g.cols)
        #expect(ours.maxAbsDifference(reference) < 1e-4)
    }

    /// NS output singular values land in about [0.5, 1.5] (by design, not exactly 1) for rectangular inputs.
    @Test(arguments: [(32, 64), (64, 32)])
    func newtonSchulzSingularValuesRectangular(shape: (Int, Int)) {
        let sv = Dense.singularValues(newtonSchulz5(.gaussian(shape.0, shape.1, seed: 21)))
        #expect(sv.count == 32)
        #expect(sv.allSatisfy { $0 > 0.5 && $0 < 1.5 }, "singular values \(sv.min()!)…\(sv.max()!)")
    }

    /// A square Gaussian matrix has σ_min ≈ 1/√n·σ-scale, too small for 5 steps to lift all the way (growth ≤ 3.4445⁵ ≈ 487):
    /// all singular values stay ≤ 1.5, the bulk lands in [0.5, 1.5], and the tail is the few smallest.
    @Test func newtonSchulzSingularValuesSquare() {
        let g = Matrix.gaussian(128, 128, seed: 22)
        let sv = Dense.singularValues(newtonSchulz5(g))
        let inBand = sv.filter { $0 > 0.5 && $0 < 1.5 }.count
        #expect(sv.max()! < 1.5)
        #expect(inBand >= 120, "\(inBand)/128 in [0.5, 1.5]; smallest \(sv.suffix(8))")
        // The ones below the band are exactly the input's smallest directions.
        let input = Dense.singularValues(g)
        let below = sv.filter { $0 <= 0.5 }.count
        if below > 0 { #expect(input[128 - below] < 0.1 * input[64]) }
    }

    /// Orthogonalising Gᵀ gives the transpose of orthogonalising G.
    @Test func transposeHandling() {
        let g = Matrix.gaussian(24, 40, seed: 31)
        #expect(newtonSchulz5(g.transposed()).maxAbsDifference(newtonSchulz5(g).transposed()) < 1e-6)
    }

    /// The update is scaled by √max(1, rows/cols): 2 for 8×2, 1 for 2×8.
    @Test(arguments: [(8, 2, Float(2)), (2, 8, Float(1))])
    func updateScale(rows: Int, cols: Int, scale: Float) {
        let g = Matrix.gaussian(rows, cols, seed: 41)
        let p = Parameter("h", .hiddenMatrix, Matrix(rows: rows, cols: cols), grad: g)
        Muon(config: config(.muon) { $0.muonLR = 1 }).step([p], lrScale: 1)
        let ns = newtonSchulz5(g)
        for i in 0..<p.count { #expect(abs(p.value.data[i] + scale * ns.data[i]) < 1e-5) }
    }

    /// Biases and input/output matrices get exactly the AdamW step (config lr, betas, ε, wd), never Newton–Schulz.
    @Test func onlyHiddenMatricesUseMuon() {
        let cfg = config(.muon) { $0.lr = 0.003; $0.muonLR = 0.05; $0.beta2 = 0.99; $0.weightDecay = 0.1 }
        let params = [Parameter("b", .bias, .gaussian(1, 6, seed: 1), grad: .gaussian(1, 6, seed: 2)),
                      Parameter("in", .inputMatrix, .gaussian(6, 3, seed: 3), grad: .gaussian(6, 3, seed: 4)),
                      Parameter("out", .outputMatrix, .gaussian(2, 6, seed: 5), grad: .gaussian(2, 6, seed: 6)),
                      Parameter("h", .hiddenMatrix, .gaussian(6, 6, seed: 7), grad: .gaussian(6, 6, seed: 8))]
        let side = params.prefix(3).map { $0.clone() }
        let muon = Muon(config: cfg)
        let adam = Adam(config: cfg)
        for _ in 0..<2 {
            muon.step(params, lrScale: 0.5)
            adam.step(side, lrScale: 0.5)
        }
        for (p, r) in zip(params, side) {
            #expect(p.value == r.value)
            #expect(muon.momentum(of: p) == nil && muon.adamMoments(of: p)?.t == 2)
        }
        #expect(muon.momentum(of: params[3]) != nil && muon.adamMoments(of: params[3]) == nil)
    }

    /// A zero gradient leaves Newton–Schulz at zero (the 1e-7 guard), so only weight decay acts.
    @Test func zeroGradientOnlyDecays() {
        let w0 = Matrix.gaussian(4, 4, seed: 9)
        let p = Parameter("h", .hiddenMatrix, w0)
        Muon(config: config(.muon) { $0.muonLR = 0.1; $0.weightDecay = 0.5 }).step([p], lrScale: 1)
        for i in 0..<16 { #expect(abs(p.value.data[i] - w0.data[i] * 0.95) < 1e-6) }
    }
}

@Suite struct MuonMoonlightTests {
    /// Moonlight's 0.2·√max(rows, cols) makes the update RMS ≈ 0.2 (like Adam's), using lr (not muonLR).
    @Test(arguments: [(128, 128), (64, 256)])
    func updateRMSIsAboutPointTwo(shape: (Int, Int)) {
        let p = Parameter("h", .hiddenMatrix, Matrix(rows: shape.0, cols: shape.1), grad: .gaussian(shape.0, shape.1, seed: 51))
        Muon(config: config(.moonlight) { $0.lr = 1e-3; $0.muonLR = 0.02 }).step([p], lrScale: 1)
        let rms = p.value.rms / 1e-3
        #expect(rms > 0.15 && rms < 0.25, "update RMS \(rms)")
    }

    /// Moonlight decays with the unadjusted lr: p·(1 − lr·wd).
    @Test func weightDecayUsesUnadjustedLR() {
        let w0 = Matrix.gaussian(8, 8, seed: 52)
        let p = Parameter("h", .hiddenMatrix, w0)
        Muon(config: config(.moonlight) { $0.lr = 0.01; $0.weightDecay = 0.1 }).step([p], lrScale: 1)
        for i in 0..<64 { #expect(abs(p.value.data[i] - w0.data[i] * 0.999) < 1e-6) }
    }
}

@Suite struct OptimizerSpectralDecayTests {
    /// W = U·diag(σ)·Vᵀ with known σ, 16×12.
    static func knownMatrix(_ sigma: [Double]) -> Matrix {
        var rng = RNG(seed: 61)
        let u = Dense.randomOrthogonal(16, rng: &rng), v = Dense.randomOrthogonal(12, rng: &rng)
        var s = [[Double]](repeating: [Double](repeating: 0, count: 12), count: 16)
        for i in 0..<12 { s[i][i] = sigma[i] }
        return Matrix(Dense.multiply(Dense.multiply(u, s), Dense.transpose(v)))
    }

    static let sigma = [4.0, 2.0, 1.5, 1.2, 1.0, 0.9, 0.8, 0.6, 0.5, 0.4, 0.3, 0.1]

    /// With a zero gradient, one step maps σ₁ → σ₁·(1 − lr·λ) and leaves σ₂…σₙ alone, for every kind (at its hidden LR).
    @Test(arguments: OptimizerKind.allCases)
    func onlyTheTopSingularValueShrinks(kind: OptimizerKind) {
        let p = Parameter("h", .hiddenMatrix, Self.knownMatrix(Self.sigma))
        let bias = Parameter("b", .bias, Matrix(rows: 1, cols: 16, repeating: 1))
        let cfg = config(kind) { $0.lr = 0.1; $0.muonLR = 0.2; $0.spectralDecay = 0.5 }
        makeOptimizer(cfg).step([p, bias], lrScale: 1)
        let lr = Double(kind == .muon ? cfg.muonLR : cfg.lr)
        let after = Dense.singularValues(p.value)
        #expect(abs(after[0] - 4 * (1 - lr * 0.5)) < 1e-3 * 4)
        for i in 1..<12 { #expect(abs(after[i] - Self.sigma[i]) < 1e-3 * Self.sigma[i], "σ\(i + 1)") }
        #expect(bias.value.data.allSatisfy { $0 == 1 })
    }

    /// v₁ persists between steps: repeated steps keep tracking σ₁ (≈ 4·0.95ᵏ) while it stays the largest.
    @Test func repeatedStepsTrackTheTopDirection() {
        let p = Parameter("h", .hiddenMatrix, Self.knownMatrix(Self.sigma))
        let sgd = SGD(config: config(.sgd) { $0.lr = 0.1; $0.spectralDecay = 0.5 })
        for _ in 0..<5 { sgd.step([p], lrScale: 1) }
        let after = Dense.singularValues(p.value)
        #expect(abs(after[0] - 4 * pow(0.95, 5)) < 1e-2)
        #expect(abs(after[1] - 2) < 2e-3)
    }
}
