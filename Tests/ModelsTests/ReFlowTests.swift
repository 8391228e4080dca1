import Foundation
import Testing
@testable import Models

@Suite struct ReFlowTests {
    /// The closed-form velocity is the conditional mean: Monte Carlo over (x0, x1) near a fixed x_t agrees.
    @Test func exactVelocityIsTheConditionalMeanOfX1MinusX0() {
        let mixture = GaussianMixture.ring()
        var rng = RNG(seed: 9)
        let t = 0.6
        let query = SIMD2<Double>(1.2, 0.4)
        // Importance weights: x1 is determined by (x0, x_t), so weight each x0 by the density of x1 = (x_t − (1−t)x0)/t.
        var num = SIMD2<Double>(0, 0), den = 0.0
        for _ in 0..<400_000 {
            let p = Dataset.gaussians8.sample(&rng)
            let x0 = SIMD2(Double(p.x), Double(p.y))
            let x1 = (query - (1 - t) * x0) / t
            let w = exp(-0.5 * (x1 * x1).sum())
            num += w * (x1 - x0)
            den += w
        }
        let mc = num / den
        let exact = exactVelocity(mixture, x: query, t: t)
        #expect(abs(mc.x - exact.x) < 0.05 && abs(mc.y - exact.y) < 0.05, "MC \(mc) vs exact \(exact)")
    }

    @Test func exactVelocityLimits() {
        let mixture = GaussianMixture.ring()
        // At t = 1, x_t = x1 exactly and x0 is independent: v = x1 − E[x0] = x (the ring is centred).
        let v1 = exactVelocity(mixture, x: SIMD2(0.3, -0.7), t: 1)
        #expect(abs(v1.x - 0.3) < 1e-9 && abs(v1.y + 0.7) < 1e-9)
        // At t = 0 next to a centre, the noise is unknown (mean 0): v = −x0 = −x.
        let c = mixture.centres[2]
        let v0 = exactVelocity(mixture, x: c, t: 0)
        #expect(abs(v0.x + c.x) < 1e-9 && abs(v0.y + c.y) < 1e-9)
    }

    @Test func datasetsStayInTheirBox() {
        var rng = RNG(seed: 1)
        for d in Dataset.allCases {
            let pts = d.sample(count: 5000, rng: &rng)
            #expect(pts.allSatisfy { $0.isFinite && abs($0) < 7 }, "\(d)")
            let mean = (0..<5000).reduce(SIMD2<Double>(0, 0)) { $0 + SIMD2(Double(pts[2 * $1]), Double(pts[2 * $1 + 1])) } / 5000
            #expect(abs(mean.x) < 0.6 && abs(mean.y) < 0.6, "\(d) is centred: \(mean)")
        }
    }

    @Test func slicedWassersteinIsZeroForIdenticalSetsAndSeesAShift() {
        var rng = RNG(seed: 4)
        let a = Dataset.gaussians8.sample(count: 1000, rng: &rng)
        #expect(slicedWasserstein1(a, a) == 0)
        let shifted = a.enumerated().map { $0.offset % 2 == 0 ? $0.element + 1 : $0.element }
        // Shifting by (1, 0): each projection moves by |cos θ|; the mean of |cos θ| over [0, π) is 2/π.
        #expect(abs(slicedWasserstein1(a, shifted, projections: 256) - 2 / Double.pi) < 0.01)
    }

    @Test func squaredErrorGradientIsTwoResidualsOverBatch() {
        let out = Matrix(rows: 2, cols: 2, data: [1, 2, 3, 4])
        let target = Matrix(rows: 2, cols: 2, data: [0, 0, 3, 2])
        var g = Matrix(rows: 2, cols: 2)
        let loss = squaredErrorLossAndGrad(output: out, target: target, grad: &g)
        #expect(loss == 4.5)
        #expect(g.data == [1, 2, 0, 2])
    }

    @Test func eulerOnAnExactLinearFieldIsExact() {
        // v(z, t) = z − c moves z along a straight line: z(t) solves dz/dt = v only approximately, but a
        // constant field v = c is integrated exactly by Euler from t = 1 to 0: z(0) = z(1) − c.
        final class Constant: VelocityField {
            func velocity(_ x: [Float], t: Float, into out: inout [Float]) {
                for i in 0..<(x.count / 2) { out[2 * i] = 2; out[2 * i + 1] = -1 }
            }
        }
        let tr = integrateFlow(Constant(), noise: [0, 0, 1, 1], steps: 7)
        #expect(tr.frames.count == 8)
        #expect(abs(tr.final[0] + 2) < 1e-5 && abs(tr.final[1] - 1) < 1e-5)
        #expect(straightness(Constant(), trajectories: tr) < 1e-9)
    }

    @Test func sameSeedSameMetricsDifferentSeedDifferent() {
        func csv(seed: UInt64) -> String {
            var c = CoreSettings.small(hidden: [32, 32])
            c.seed = seed
            let run = HeadlessRun(experiment: GenerativeExperiment.reflow(c), steps: 60, logEvery: 10, evalEvery: 30)
            run.run()
            return run.csv
        }
        #expect(csv(seed: 1) == csv(seed: 1))
        #expect(csv(seed: 1) != csv(seed: 2))
    }

    /// The excess is measured against the exact field, so it is ≥ 0 and agrees with loss − floor up to the set's noise.
    @Test func validationExcessIsMeasuredAgainstTheExactField() {
        var c = CoreSettings.small(hidden: [16])
        c.validationSize = 4000
        let e = GenerativeExperiment.reflow(c)
        e.train(to: 200)
        let ev = e.evaluate()
        #expect(ev["val_floor"]! > 0)
        #expect(ev["val_loss"]! > ev["val_floor"]!)
        #expect(ev["val_excess"]! > 0)
        #expect(abs(ev["val_excess"]! - (ev["val_loss"]! - ev["val_floor"]!)) < 0.2 * ev["val_excess"]! + 0.05)
        // The exact field itself has zero excess and the floor's loss.
        let exact = e.fixtures.validation.evaluate(ExactFlowField(.ring()))
        #expect(exact.excess! < 1e-9 && abs(exact.loss - ev["val_floor"]!) < 1e-4)
    }
}
