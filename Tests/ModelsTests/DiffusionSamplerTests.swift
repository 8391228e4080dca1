import Foundation
import Testing
@testable import Models

/// The samplers, guidance and DDCM as the issue specifies them, on the exact denoiser (no training needed).
@Suite struct DiffusionSamplerTests {
    let schedule = NoiseSchedule(steps: 1000)
    let exact = Dataset.gaussians8.exactDenoiser!

    func noise(_ n: Int, seed: UInt64) -> [Float] {
        var r = RNG(seed: seed)
        return (0..<(2 * n)).map { _ in r.normalFloat() }
    }

    /// With η = 1 and S = T, DDIM is ancestral sampling with σ² = β̃: fed the same noises, the two chains agree
    /// pathwise (to Float rounding), so they agree in distribution.
    @Test func ddimWithEtaOneAtAllStepsIsAncestralSampling() {
        let z = noise(300, seed: 1), grid = schedule.strided(1000)
        let a = reverseDiffusion(exact, schedule: schedule, start: z, timesteps: grid, rule: .ancestral(.betaTilde), noise: gaussianNoise(RNG(seed: 5)))
        let d = reverseDiffusion(exact, schedule: schedule, start: z, timesteps: grid, rule: .ddim(eta: 1), noise: gaussianNoise(RNG(seed: 5)))
        #expect(zip(a, d).allSatisfy { abs($0 - $1) < 2e-3 })
        // In distribution across different noise: both match the data (kl well inside 0.1 of each other).
        let ref = QualityReference(dataset: .gaussians8, count: 1000, seed: 2)
        let other = reverseDiffusion(exact, schedule: schedule, start: noise(1000, seed: 3), timesteps: grid, rule: .ddim(eta: 1),
                                     noise: gaussianNoise(RNG(seed: 9)))
        let base = reverseDiffusion(exact, schedule: schedule, start: noise(1000, seed: 4), timesteps: grid, rule: .ancestral(.betaTilde),
                                    noise: gaussianNoise(RNG(seed: 8)))
        #expect(abs(ref.headline(of: other) - ref.headline(of: base)) < 0.1)
    }

    /// η = 0 draws no noise: the noise source is never asked, and the output depends on x_T only.
    @Test func ddimWithEtaZeroIsDeterministic() {
        let z = noise(200, seed: 1)
        var asked = 0
        let picker: NoisePicker = { _, _, _, _, out in
            asked += 1
            for j in out.indices { out[j] = 7 }
        }
        let a = reverseDiffusion(exact, schedule: schedule, start: z, timesteps: schedule.strided(50), rule: .ddim(eta: 0), noise: picker)
        let b = reverseDiffusion(exact, schedule: schedule, start: z, timesteps: schedule.strided(50), rule: .ddim(eta: 0), noise: gaussianNoise(RNG(seed: 3)))
        #expect(asked == 0 && a == b)
    }

    /// DDIM η = 0 is Euler on EDM's σ axis (x/√ᾱ against σ) over the same levels (Karras et al. 2022, §3).
    @Test func ddimIsEulerOnTheSigmaAxis() {
        let z = noise(200, seed: 2), grid = schedule.strided(20)
        let ddim = reverseDiffusion(exact, schedule: schedule, start: z, timesteps: grid, rule: .ddim(eta: 0))
        let euler = probabilityFlow(exact, schedule: schedule, start: z, sigmas: grid.map { schedule.level($0).sigma }, solver: .euler)
        #expect(zip(ddim, euler).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    /// On the exact model, every sampler lands on the data at 100 steps (Heun at 50), and coarse Euler does not.
    @Test func exactSamplersReachTheData() {
        let ref = QualityReference(dataset: .gaussians8, count: 1000, seed: 2)
        let samplers = DiffusionSamplers(schedule: schedule, seed: 0)
        let z = noise(1000, seed: 6)
        for (kind, steps) in [(DiffusionSamplerKind.ancestral, 100), (.ddim, 100), (.euler, 100), (.heun, 50)] {
            let kl = ref.headline(of: samplers.draw(exact, kind: kind, noise: z, steps: steps, variance: .betaTilde).final)
            #expect(kl < 0.12, "\(kind) at \(steps): kl \(kl)")
        }
        let coarse = ref.headline(of: samplers.draw(exact, kind: .euler, noise: z, steps: 5, variance: .betaTilde).final)
        #expect(coarse > 0.5, "5 Euler steps are far from the data: kl \(coarse)")
    }

    /// s = 1 is the conditional model and s = 0 the unconditional one; s > 1 moves a class's samples away from the other.
    @Test func guidanceEndpointsAndDirection() {
        let m = GaussianMixture.overlappingClasses()
        let d = ExactDenoiser(.mixture(m))
        let x = noise(50, seed: 4), level = schedule.level(400)
        var cond = [Float](repeating: 0, count: x.count), uncond = cond, g1 = cond, g0 = cond
        d.epsilon(x, level: level, condition: 1, into: &cond)
        d.epsilon(x, level: level, condition: nil, into: &uncond)
        GuidedModel(d, scale: 1).epsilon(x, level: level, condition: 1, into: &g1)
        GuidedModel(d, scale: 0).epsilon(x, level: level, condition: 1, into: &g0)
        #expect(zip(g1, cond).allSatisfy { abs($0 - $1) < 1e-5 } && zip(g0, uncond).allSatisfy { abs($0 - $1) < 1e-5 })
        let samplers = DiffusionSamplers(schedule: schedule, seed: 0)
        let posteriors = [1.0, 4.0].map { s -> Double in
            let p = samplers.draw(GuidedModel(d, scale: s), kind: .ancestral, noise: noise(500, seed: 5), steps: 100,
                                  variance: .betaTilde, condition: 0).final
            return (0..<500).reduce(0.0) { $0 + m.classPosterior(0, at: SIMD2(Double(p[2 * $1]), Double(p[2 * $1 + 1]))) } / 500
        }
        #expect(posteriors[1] > posteriors[0] + 0.05, "guidance sharpens the class: \(posteriors)")
    }

    /// A codebook of one code per step leaves nothing to choose: every run and every row give the same point.
    @Test func ddcmWithOneCodePerStepIsDeterministic() {
        let ddcm = DDCM(schedule: NoiseSchedule(steps: 200), seed: 3)
        let a = ddcm.generate(exact, count: 20, size: 1, steps: 200, picks: RNG(seed: 1))
        let b = ddcm.generate(exact, count: 20, size: 1, steps: 200, picks: RNG(seed: 99))
        #expect(a == b && (0..<20).allSatisfy { a[2 * $0] == a[0] && a[2 * $0 + 1] == a[1] })
        #expect(DDCM.bits(steps: 1000, size: 64) == 5994 && DDCM.bits(steps: 200, size: 1) == 0)
    }

    /// Decoding replays the indices on the regenerated codebooks: it reproduces the encoder's final point exactly.
    @Test func decodingTheEncodedIndicesReproducesTheEncoderExactly() {
        let ddcm = DDCM(schedule: NoiseSchedule(steps: 300), seed: 7)
        var r = RNG(seed: 2)
        let targets = Dataset.gaussians8.sample(count: 40, rng: &r)
        var net = RNG(seed: 1)
        let model = EpsilonNet(shape: NetShape(), rng: &net)
        for (m, rule) in [(exact as EpsilonModel, DDCMRule.nearest), (model, .dot)] {
            let code = ddcm.encode(m, targets: targets, size: 16, steps: 300, rule: rule)
            #expect(code.indices.count == 40 * 299 && code.indices.allSatisfy { $0 < 16 })
            #expect(ddcm.decode(m, indices: code.indices, count: 40, size: 16, steps: 300) == code.final)
        }
    }

    /// The nearest-target rule's distortion falls as K grows; the paper's dot product stops improving (it picks long codes).
    @Test func nearestRuleKeepsImprovingWithKAndTheDotRuleSaturates() {
        let ddcm = DDCM(schedule: schedule, seed: 1)
        var r = RNG(seed: 4)
        let targets = Dataset.gaussians8.sample(count: 32, rng: &r)
        let d = { (rule: DDCMRule, k: Int) in meanDistance(targets, ddcm.encode(self.exact, targets: targets, size: k, steps: 1000, rule: rule).final) }
        let nearest = [4, 64, 1024].map { d(.nearest, $0) }
        #expect(nearest[0] > nearest[1] && nearest[1] > nearest[2], "\(nearest)")
        let dot = [64, 1024].map { d(.dot, $0) }
        #expect(dot[1] > 0.5 * dot[0] && nearest[2] < 0.3 * dot[1], "dot \(dot), nearest \(nearest)")
    }

    /// The schedule pitfall on `line`: 50 steps over the 1000-step β range lose the tails even with the exact denoiser.
    @Test func theSchedulePitfallLosesTheTailsAndMoreStepsRestoreThem() {
        let m = Dictionary(uniqueKeysWithValues: SchedulePitfall.measure(noise: noise(1000, seed: 1), variance: .betaTilde, seed: 0))
        #expect(abs(m["tails_data_std_y"]! - 8 / 12.0.squareRoot()) < 0.1 && abs(m["tails_data_share"]! - 0.25) < 0.04)
        #expect(m["tails_linear50_share"]! < 0.1 && m["tails_linear50_std_y"]! < 1.8)
        for good in ["linear250", "linear1000", "cosine50"] {
            #expect(m["tails_\(good)_share"]! > 0.2 && m["tails_\(good)_std_y"]! > 2.1, "\(good)")
        }
    }
}
