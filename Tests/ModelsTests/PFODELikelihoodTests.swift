import Foundation
import Testing
@testable import Models

/// The DDPM probability-flow ODE's exact likelihood: the ε-net's Jacobian trace, a Gaussian whose PF-ODE is linear,
/// the exact mixture denoiser's density, and what the ddpm experiment reports.
@Suite struct PFODELikelihoodTests {
    let schedule = NoiseSchedule()

    /// tr ∂ε̂/∂x (two backward passes) against central differences of ε̂, at a few levels.
    @Test func theEpsilonNetsDivergenceMatchesFiniteDifferences() {
        var r = RNG(seed: 9)
        var shape = NetShape()
        shape.hidden = [16, 16]
        shape.time = .sinusoidal(count: 4)
        let net = EpsilonNet(shape: shape, rng: &r)
        let x: [Float] = [0.4, -1.1, 2.2, 0.3, -3, 1.5]
        for level in [schedule.level(1), schedule.level(300), schedule.level(1000)] {
            var eps = [Float](repeating: 0, count: x.count), div: [Double] = []
            net.epsilonAndDivergence(x, level: level, into: &eps, divergence: &div)
            var plain = eps
            net.epsilon(x, level: level, condition: nil, into: &plain)
            #expect(plain == eps)
            for i in 0..<3 {
                let fd = centralDivergence(x, point: i) { p in
                    var out = [Float](repeating: 0, count: p.count)
                    net.epsilon(p, level: level, condition: nil, into: &out)
                    return out
                }
                #expect(abs(fd - div[i]) < 1e-2 * max(1, abs(fd)), "t \(level.t) point \(i): fd \(fd) vs \(div[i])")
            }
        }
    }

    /// Data N(0, s²I): x̃ at σ is N(0, (s² + σ²)I), ε* is linear and the PF-ODE scales x̃ by √((s² + σ²)/(s² + σ_1²)).
    /// From σ_1 the ODE's answer is log N(x0; 0, (s² + σ_1²)I) plus the prior's mismatch at σ_T,
    /// log N(x̃_T; 0, 1 + σ_T²) − log N(x̃_T; 0, s² + σ_T²), exactly.
    @Test func aGaussiansPFODELikelihoodIsItsClosedForm() {
        let s = 0.5
        let exact = ExactDenoiser(.mixture(GaussianMixture(centres: [SIMD2(0, 0)], std: s)))
        let field = ProbabilityFlowField(exact, schedule: schedule)
        let x: [Float] = [0.3, -0.2, 1.1, 0.5, -0.7, -0.9]
        let got = odeLogLikelihood(field, points: x, steps: 32)
        let lo = schedule.level(1).sigma, hi = schedule.last.sigma
        let logN = { (r2: Double, v: Double) in -log(2 * Double.pi * v) - r2 / (2 * v) }
        for i in 0..<3 {
            let r2 = Double(x[2 * i] * x[2 * i] + x[2 * i + 1] * x[2 * i + 1])
            let rT2 = r2 * (s * s + hi * hi) / (s * s + lo * lo)
            let want = logN(r2, s * s + lo * lo) + logN(rT2, 1 + hi * hi) - logN(rT2, s * s + hi * hi)
            #expect(abs(got[i] - want) < 2e-3, "point \(i): \(got[i]) vs \(want)")
        }
        #expect(abs(field.priorVariance - (1 + hi * hi)) < 1e-6 * hi * hi)
    }

    /// The exact denoiser's PF-ODE gives the 8-Gaussian ring's own density (smoothed by σ_1, a 4e-4 change of variance),
    /// point by point, to the solver's accuracy; halving the RK4 steps barely moves the mean.
    @Test func theExactDenoisersLikelihoodIsTheDataDensity() {
        var rng = RNG(seed: 2)
        let ring = GaussianMixture.ring()
        let x = Dataset.gaussians8.sample(count: 100, rng: &rng)
        let lo = schedule.level(1).sigma
        var smoothed = ring
        smoothed.std = (ring.std * ring.std + lo * lo).squareRoot()
        let truth = (0..<100).map { smoothed.logDensity(SIMD2(Double(x[2 * $0]), Double(x[2 * $0 + 1]))) }
        let field = ProbabilityFlowField(ExactDenoiser(.mixture(ring)), schedule: schedule)
        let ode = odeLogLikelihood(field, points: x, steps: 32)
        let worst = zip(ode, truth).map { abs($0 - $1) }.max()!
        #expect(worst < 0.02, "largest per-point gap \(worst)")
        let mean = zip(ode, truth).map { $0 - $1 }.reduce(0, +) / 100
        #expect(abs(mean) < 5e-3, "mean gap \(mean)")
        let full: Double = ode.reduce(0, +) / 100
        let half: Double = odeLogLikelihood(field, points: x, steps: 16).reduce(0, +) / 100
        #expect(abs(half - full) < 0.01)
        // Known bad: a denoiser of the wrong data (std 1 instead of 0.5) reads as a worse likelihood.
        var wide = ring
        wide.std = 1
        let bad = odeLogLikelihood(ProbabilityFlowField(ExactDenoiser(.mixture(wide)), schedule: schedule), points: x, steps: 32)
        let badMean: Double = bad.reduce(0, +) / 100
        #expect(badMean < full - 0.3, "wrong data's denoiser \(badMean) vs \(full)")
    }

    @Test func ddpmReportsThePFODEsFlowKL() {
        var s = CoreSettings.small()
        s.samplerSteps = 20
        var c = DiffusionConfig()
        c.schedule = NoiseSchedule(steps: 100)
        c.stepCounts = [5]
        c.compareReFlow = false
        let e = GenerativeExperiment(settings: s, method: DDPMMethod(settings: s, config: c))
        e.train(to: 50)
        let ev = e.evaluate()
        let kl = ev["flow_kl"]!, half = ev["flow_kl_half"]!
        #expect(ev["flow_nll"]!.isFinite && kl > 0 && abs(kl - half) < 0.1, "flow_kl \(kl), at half the RK4 steps \(half)")
        #expect(e.evaluationNames.contains("flow_kl") && e.evaluationNames.contains("flow_kl_half"))
    }
}
