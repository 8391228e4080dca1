import Foundation
import Testing
@testable import Models

/// The exact denoisers against closed forms, quadrature and their limits.
@Suite struct ExactDenoiserTests {
    /// One Gaussian N(μ, s²I): E[x0 | x_t] = μ + (√ᾱ s²/v)(x_t − √ᾱ μ), v = ᾱs² + 1 − ᾱ (Gaussian conditioning).
    @Test func aSingleGaussianIsLinearConditioning() {
        let mu = SIMD2(1.5, -2.0), s = 0.7
        let d = ExactDenoiser(.mixture(GaussianMixture(centres: [mu], std: s)))
        for a in [0.999, 0.5, 0.01] {
            let xt = SIMD2(0.3, 0.9), v = a * s * s + 1 - a
            let want = mu + (a.squareRoot() * s * s / v) * (xt - a.squareRoot() * mu)
            let got = d.posteriorMean(xt, alphaBar: a)
            #expect(abs(got.x - want.x) < 1e-12 && abs(got.y - want.y) < 1e-12, "ᾱ = \(a)")
        }
    }

    /// Nearly clean, the posterior mean is x_t itself; nearly pure noise, it is the data's mean.
    @Test func mixtureLimits() {
        let d = ExactDenoiser(.mixture(.ring()))
        let xt = SIMD2(3.8, 0.2)
        let clean = d.posteriorMean(xt, alphaBar: 1 - 1e-10)
        #expect(abs(clean.x - 3.8) < 1e-6 && abs(clean.y - 0.2) < 1e-6)
        let noise = d.posteriorMean(xt, alphaBar: 1e-12)
        #expect(abs(noise.x) < 1e-4 && abs(noise.y) < 1e-4, "the ring's mean is the origin")
    }

    /// A class condition uses only that class's components; the unconditional mean mixes both classes.
    @Test func conditionsPickTheirClass() {
        let m = GaussianMixture.overlappingClasses()
        let d = ExactDenoiser(.mixture(m))
        let xt = SIMD2(0.1, -0.4)
        let left = d.posteriorMean(xt, alphaBar: 0.3, condition: 0), right = d.posteriorMean(xt, alphaBar: 0.3, condition: 1)
        let both = d.posteriorMean(xt, alphaBar: 0.3)
        #expect(left.x < 0 && right.x > 0 && left.x < both.x && both.x < right.x)
        let alone = ExactDenoiser(.mixture(m.restricted(toClass: 0))).posteriorMean(xt, alphaBar: 0.3)
        #expect(abs(alone.x - left.x) < 1e-12 && abs(alone.y - left.y) < 1e-12)
    }

    /// The uniform posterior (truncated normal mean) against a midpoint rule on the posterior, in the bulk and far tails.
    @Test func uniformPosteriorAgainstQuadrature() {
        for (m, s) in [(0.3, 0.5), (2.5, 0.2), (-9.0, 0.3), (40.0, 0.5), (0.0, 200.0), (2.01, 0.001), (-30.0, 1.0)] {
            let lo = -2.0, hi = 2.0, n = 200_000
            var num = 0.0, den = 0.0
            let ref = min(max(m, lo), hi)
            for i in 0..<n {
                let x = lo + (hi - lo) * (Double(i) + 0.5) / Double(n)
                let w = exp(-((x - m) * (x - m) - (ref - m) * (ref - m)) / (2 * s * s))
                num += w * x
                den += w
            }
            let want = num / den
            let got = uniformPosteriorMean(m, s, lo...hi)
            #expect(abs(got - want) < 2e-4 * max(1, s), "m = \(m), s = \(s): \(got) vs \(want)")
        }
    }

    /// Far in a tail the shift is 1/R(α) ≈ α + 1/α − 2/α³ (Mills ratio asymptotics), continuous across the erfc/fraction switch.
    @Test func millsRatioTailsAndSymmetry() {
        for x in [25.0, 60.0] {
            #expect(abs(1 / millsRatio(x) - (x + 1 / x - 2 / (x * x * x))) < 3e-6)
        }
        // At the switch the continued fraction agrees with the erfc form to 1e-12 (relative).
        let viaErfc = erfc(25 / 2.0.squareRoot()) * exp(25.0 * 25 / 2) * (Double.pi / 2).squareRoot()
        #expect(abs(millsRatio(25) / viaErfc - 1) < 1e-12)
        #expect(abs(truncatedNormalShift(-1, 2) + truncatedNormalShift(-2, 1)) < 1e-14)
        #expect(abs(millsRatio(0) - (Double.pi / 2).squareRoot()) < 1e-12)
    }

    /// ε* minimises the DDPM loss: on the held-out set the exact model's loss is the floor and its excess is 0,
    /// while a model off by a constant reads that constant's square as excess.
    @Test func exactEpsilonIsTheFloor() {
        let s = NoiseSchedule(steps: 200)
        let v = EpsilonValidation(dataset: .gaussians8, schedule: s, size: 2048, seed: 1)
        let exact = Dataset.gaussians8.exactDenoiser!
        let r = v.evaluate(exact)
        #expect(r.excess == 0 && abs(r.loss - v.floor!) < 1e-12)
        let off = v.evaluate(ShiftedModel(exact, by: 0.1))
        #expect(abs(off.excess! - 0.02) < 1e-6 && off.loss > r.loss)
    }

    @Test func lineHasABoxDenoiserAndNoDensity() {
        #expect(Dataset.line.density == nil && Dataset.line.exactDenoiser?.prior == .box(x: -2...2, y: -4...4))
        #expect(Dataset.moons.exactDenoiser == nil)
    }
}

/// An ε-model off by a constant in both coordinates (a known-bad model).
final class ShiftedModel: EpsilonModel {
    let base: EpsilonModel
    let shift: Float
    init(_ base: EpsilonModel, by shift: Float) {
        self.base = base
        self.shift = shift
    }

    func epsilon(_ x: [Float], level: NoiseLevel, condition: Int?, into out: inout [Float]) {
        base.epsilon(x, level: level, condition: condition, into: &out)
        for j in out.indices { out[j] += shift }
    }
}
