import Foundation
import Testing
@testable import Models

@Suite("Power-law task: spectrum, target, exact excess and noise scale; ziggurat normals")
struct PowerLawTaskTests {
    @Test("λ_i = i^−α with λ_1 = 1; the target carries unit signal variance with λ_i·w_i² ∝ i^−β; floor σ²/2")
    func knownValues() {
        let t = PowerLawTask(dim: 64, spectrumDecay: 1.5, targetDecay: 2, noise: 0.5)
        #expect(t.eigenvalues[0] == 1 && abs(t.eigenvalues[3] - 0.125) < 1e-15)
        let profile = zip(t.eigenvalues, t.target).map { $0 * $1 * $1 }
        #expect(abs(profile.reduce(0, +) - 1) < 1e-12)
        #expect(abs(profile[1] / profile[0] - 0.25) < 1e-12 && abs(profile[9] / profile[0] - 0.01) < 1e-12)
        #expect(abs(t.excess(t.target.map { -$0 }) - 0.5) < 1e-12, "w = 0: the excess is half the signal variance")
        #expect(t.floor == 0.125)
        // α = 0 is the isotropic task: H = I, so tr H = d and B_noise at w = 0 is 1 + (1 + σ²)·d/|w*|² = 1 + 1.25·64.
        let iso = PowerLawTask(dim: 64, spectrumDecay: 0, targetDecay: 0, noise: 0.5)
        #expect(iso.traceH == 64)
        #expect(abs(iso.noiseScale(iso.target.map { -$0 }) - (1 + 1.25 * 64)) < 1e-9)
    }

    @Test("B_noise = 1 + (eᵀHe + σ²)·tr H/|He|² matches tr Σ/|G|² of 400 000 sampled per-example gradients within 2%")
    func noiseScaleMatchesMonteCarlo() {
        let t = PowerLawTask(dim: 8, spectrumDecay: 1.5, targetDecay: 2, noise: 0.5)
        let e = t.target.enumerated().map { i, w in (i % 2 == 0 ? -0.3 : 0.2) * w }
        var acc = GradientNoise.Accumulator(dimension: 8)
        var rng = RNG(seed: 3)
        var g = [Double](repeating: 0, count: 8)
        let sqrtL = t.eigenvalues.map { $0.squareRoot() }
        for _ in 0..<400_000 {
            let x = sqrtL.map { $0 * rng.normal() }
            let residual = zip(x, e).reduce(0) { $0 + $1.0 * $1.1 } - t.noise * rng.normal()
            for k in 0..<8 { g[k] = x[k] * residual }
            acc.add(g)
        }
        let exact = t.noiseScale(e), sampled = acc.result.bSimple
        #expect(abs(sampled / exact - 1) < 0.02, "sampled \(sampled), formula \(exact)")
        // Known-bad: leaving out Isserlis' eᵀHe·H term (treating the gradient noise as the label noise alone) misses it.
        let he2 = zip(t.eigenvalues, e).reduce(0) { $0 + $1.0 * $1.0 * $1.1 * $1.1 }
        let labelNoiseOnly = 1 + t.noise * t.noise * t.traceH / he2
        #expect(abs(sampled / labelNoiseOnly - 1) > 0.1)
    }

    @Test("ziggurat normals: mean 0, variance 1, kurtosis 3 and the two- and three-σ tails of N(0, 1) over 2 million draws")
    func zigguratMoments() {
        var rng = RNG(seed: 11)
        let zig = ZigguratTables()
        let n = 2_000_000
        var s1 = 0.0, s2 = 0.0, s4 = 0.0, over2 = 0, over3 = 0, over4 = 0
        for _ in 0..<n {
            let z = Double(NormalZiggurat.next(&rng, zig))
            s1 += z
            s2 += z * z
            s4 += z * z * z * z
            if abs(z) > 2 { over2 += 1 }
            if abs(z) > 3 { over3 += 1 }
            if abs(z) > 4 { over4 += 1 }
        }
        let N = Double(n)
        #expect(abs(s1 / N) < 0.003)
        #expect(abs(s2 / N - 1) < 0.004)
        #expect(abs(s4 / N - 3) < 0.03)
        // P(|z| > 2) = 0.045500, P(|z| > 3) = 0.002700, P(|z| > 4) = 6.33e-5 (the tail beyond the base layer's r = 3.44).
        #expect(abs(Double(over2) / N - 0.045500) < 0.0006)
        #expect(abs(Double(over3) / N - 0.002700) < 0.00015)
        #expect(abs(Double(over4) / N - 6.334e-5) < 2.5e-5)
    }

    @Test("the tables satisfy the ziggurat's construction: equal layer areas and the density at each layer's edge")
    func zigguratTables() {
        let t = NormalZiggurat.tables
        // Layer i spans x ∈ [0, x_i] at heights [f(x_i), f(x_{i−1})], with x_i = wn[i]·2³¹; each has the base's area v.
        let x = (0..<128).map { Double(t.wn[$0]) * 2147483648.0 }
        for i in 2..<127 {
            #expect(abs(Double(t.fn[i]) - exp(-0.5 * x[i] * x[i])) < 1e-6)
            #expect(abs(x[i] * (Double(t.fn[i - 1]) - Double(t.fn[i])) - NormalZiggurat.area) < 1e-6, "layer \(i)")
        }
        #expect(abs(x[127] - NormalZiggurat.r) < 1e-5)
    }
}
