import Foundation
import Testing
@testable import Models

/// Noise schedules against their closed forms, and the grids samplers walk.
@Suite struct DiffusionScheduleTests {
    @Test func linearScheduleIsTheProductOfOneMinusBeta() {
        let s = NoiseSchedule(kind: .linear, steps: 1000)
        #expect(s.betas.first == 1e-4 && abs(s.betas.last! - 0.02) < 1e-15)
        #expect(s.alphaBars[0] == 1 && s.alphaBars.count == 1001)
        var product = 1.0
        for i in 1...1000 {
            product *= 1 - (1e-4 + (0.02 - 1e-4) * Double(i - 1) / 999)
            #expect(abs(s.alphaBars[i] - product) <= 1e-12 * product)
        }
        // Ho et al.'s endpoint: √ᾱ_T ≈ 0.0064, so x_T is N(0, I) to within 0.6% of the data's scale.
        #expect(abs(s.alphaBars[1000].squareRoot() - 0.006353) < 1e-5)
    }

    /// tiny-diffusion's default: 50 steps over the same β range stop at √ᾱ_T ≈ 0.78 (its issue #4).
    @Test func fiftyStepsOverTheThousandStepRangeKeepMostOfTheSignal() {
        let s = NoiseSchedule(kind: .linear, steps: 50)
        #expect(abs(s.alphaBars[50].squareRoot() - 0.7765) < 1e-3)
    }

    /// Nichol & Dhariwal: ᾱ_i = f(i)/f(0) with f(i) = cos²((i/T + s)/(1 + s)·π/2) while β stays under its 0.999 clip.
    @Test func cosineScheduleFollowsItsClosedForm() {
        let s = NoiseSchedule(kind: .cosine, steps: 100)
        let f = { (i: Double) -> Double in let c = cos((i / 100 + 0.008) / 1.008 * Double.pi / 2); return c * c }
        for i in [1, 10, 50, 90, 99] { #expect(abs(s.alphaBars[i] - f(Double(i)) / f(0)) < 1e-12, "i = \(i)") }
        #expect(s.betas.last == 0.999, "the last β is clipped")
        #expect(s.betas.allSatisfy { $0 > 0 && $0 <= 0.999 })
    }

    @Test func stridedStepsStartAtTAndEndAtTheData() {
        let s = NoiseSchedule(steps: 1000)
        #expect(s.strided(5) == [1000, 800, 600, 400, 200, 0])
        #expect(s.strided(1000) == Array((0...1000).reversed()))
        #expect(s.strided(5000) == s.strided(1000), "more steps than T are clamped")
        #expect(s.strided(3) == [1000, 667, 333, 0])
    }

    /// Karras et al.'s ρ = 7 grid runs from σ_T to σ_1 and then 0, and `level(sigma:)` inverts σ on the schedule.
    @Test func karrasGridAndTheSigmaAxis() {
        let s = NoiseSchedule(steps: 1000)
        let g = s.karrasSigmas(18)
        #expect(g.count == 19 && g.last == 0)
        #expect(abs(g[0] - s.level(1000).sigma) < 1e-9 && abs(g[17] - s.level(1).sigma) < 1e-12)
        #expect(zip(g, g.dropFirst()).allSatisfy { $0 > $1 })
        for i in [1, 7, 250, 999, 1000] {
            let l = s.level(sigma: s.level(i).sigma)
            #expect(abs(Double(l.t) - Double(i) / 1000) < 1e-5 && abs(l.alphaBar - s.alphaBars[i]) < 1e-9 * max(s.alphaBars[i], 1e-6))
        }
        // Halfway in log ᾱ between two steps lands halfway between them.
        let mid = exp((log(s.alphaBars[10]) + log(s.alphaBars[11])) / 2)
        #expect(abs(Double(s.level(sigma: ((1 - mid) / mid).squareRoot()).t) - 0.0105) < 1e-6)
    }

    @Test func stepCoefficientsOfTheLastStepAddNoNoise() {
        let s = NoiseSchedule(steps: 10)
        for rule in [DiffusionStep.ancestral(.beta), .ancestral(.betaTilde), .ddim(eta: 1)] {
            let c = StepCoefficients(rule, alphaBar: s.alphaBars[1], previous: 1)
            #expect(c.sigma == 0, "\(rule)")
        }
        // To the data, the ancestral mean is x̂0 itself: cx0 = 1 (β = 1 − ᾱ_1), cxt = 0.
        let last = StepCoefficients(.ancestral(.beta), alphaBar: s.alphaBars[1], previous: 1)
        #expect(abs(last.cx0 - 1) < 1e-12 && abs(last.cxt) < 1e-12)
    }

    /// DDIM with η = 1 is DDPM's posterior step: √ᾱ′x̂0 + √(1 − ᾱ′ − β̃)ε̂ = c₀x̂0 + c_t x_t with ε̂ = (x_t − √ᾱ x̂0)/√(1 − ᾱ).
    @Test func ddimWithEtaOneHasTheAncestralMeanAndVariance() {
        let s = NoiseSchedule(steps: 1000)
        for (t, tp) in [(1000, 800), (500, 499), (20, 10)] {
            let a = s.alphaBars[t], ap = s.alphaBars[tp]
            let d = StepCoefficients(.ddim(eta: 1), alphaBar: a, previous: ap)
            let p = StepCoefficients(.ancestral(.betaTilde), alphaBar: a, previous: ap)
            #expect(abs(d.sigma - p.sigma) < 1e-12)
            let x0 = 0.7, xt = -1.3, eps = (xt - a.squareRoot() * x0) / (1 - a).squareRoot()
            #expect(abs((d.cx0 * x0 + d.ceps * eps) - (p.cx0 * x0 + p.cxt * xt)) < 1e-9, "\(t) → \(tp)")
        }
    }
}
