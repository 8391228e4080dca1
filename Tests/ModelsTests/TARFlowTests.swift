import Foundation
import Testing
@testable import Models

/// The TARFLOW-style flow: exact likelihood, inversion, zero-init identity, and its hand-written gradients.
@Suite struct TARFlowTests {
    private static let points: [Float] = [0.3, -1.2, 2.5, 0.7, -3.1, -0.4, 0.05, 4.2]

    /// TARFLOW zero-initialises proj_out: a fresh flow is the identity, so log p is the standard normal's.
    @Test func freshFlowIsTheIdentity() {
        var rng = RNG(seed: 1)
        let flow = TARFlow(blocks: 4, channels: 8, layers: 2, expansion: 2, rng: &rng)
        #expect(flow.encode(Self.points) == Self.points)
        let nll = flow.negativeLogLikelihoods(Self.points)
        for i in 0..<4 {
            let x = Double(Self.points[2 * i]), y = Double(Self.points[2 * i + 1])
            #expect(abs(nll[i] - (0.5 * (x * x + y * y) + log(2 * Double.pi))) < 1e-5)
        }
        #expect(flow.sample(Self.points).final == Self.points)
    }

    @Test func forwardAgreesWithAnIndependentDoubleReference() {
        let flow = TARFlow.randomised(layers: 2)
        let ref = TARFlowReference(flow)
        let z = flow.encode(Self.points)
        let nll = flow.negativeLogLikelihoods(Self.points)
        for i in 0..<4 {
            let r = ref.forward([Double(Self.points[2 * i]), Double(Self.points[2 * i + 1])])
            #expect(abs(Double(z[2 * i]) - r.z[0]) < 1e-4 * max(1, abs(r.z[0])))
            #expect(abs(Double(z[2 * i + 1]) - r.z[1]) < 1e-4 * max(1, abs(r.z[1])))
            #expect(abs(nll[i] - ref.negativeLogLikelihood([Double(Self.points[2 * i]), Double(Self.points[2 * i + 1])])) < 1e-4)
        }
    }

    /// The flow's log-determinant −Σα equals log |det ∂z/∂x| of a central-difference Jacobian.
    @Test func logDeterminantMatchesAFiniteDifferenceJacobian() {
        let flow = TARFlow.randomised(blocks: 4, layers: 2)
        let ref = TARFlowReference(flow)
        let ws = flow.workspace(batch: 4)
        ws.input = Self.points
        flow.forward(ws)
        let h = 1e-5
        for i in 0..<4 {
            let x = [Double(Self.points[2 * i]), Double(Self.points[2 * i + 1])]
            var jac = [[Double]](repeating: [0, 0], count: 2)
            for j in 0..<2 {
                var xp = x, xm = x
                xp[j] += h
                xm[j] -= h
                let zp = ref.forward(xp).z, zm = ref.forward(xm).z
                for k in 0..<2 { jac[k][j] = (zp[k] - zm[k]) / (2 * h) }
            }
            let logDet = log(abs(jac[0][0] * jac[1][1] - jac[0][1] * jac[1][0]))
            #expect(abs(logDet + Double(ws.logScale[i])) < 1e-4, "point \(i): FD \(logDet) vs flow \(-ws.logScale[i])")
        }
    }

    /// Sampling inverts the blocks in reverse order: x → z → x returns every point to float precision.
    @Test func sequentialInversionRecoversThePoints() {
        let flow = TARFlow.randomised(blocks: 8, channels: 8, layers: 1, expansion: 4)
        var rng = RNG(seed: 3)
        let x = Dataset.gaussians8.sample(count: 1200, rng: &rng)
        let z = flow.encode(x)
        #expect(z != x)
        let back = flow.sample(z).final
        let worst = zip(x, back).map { abs($0 - $1) / max(1, abs($0)) }.max()!
        #expect(worst < 1e-5, "worst relative error \(worst)")
    }

    /// Every parameter's gradient of the mean NLL against central differences of the Double reference.
    @Test func parameterGradientsMatchFiniteDifferences() {
        let flow = TARFlow.randomised(blocks: 2, channels: 4, layers: 1, expansion: 2)
        let n = 4
        let ws = flow.workspace(batch: n)
        ws.input = Self.points
        flow.forward(ws)
        flow.backward(ws, weight: 1 / Float(n), parameterGrads: true)
        let xs = (0..<n).map { [Double(Self.points[2 * $0]), Double(Self.points[2 * $0 + 1])] }
        func loss(_ o: (Int, Int, Double)) -> Double {
            let ref = TARFlowReference(flow, override: (o.0, o.1, o.2))
            return xs.reduce(0) { $0 + ref.negativeLogLikelihood($1) } / Double(n)
        }
        var worst = 0.0, checked = 0
        let h = 1e-4
        for (pi, p) in flow.parameters.enumerated() {
            for i in 0..<p.count {
                let v = Double(p.value.data[i])
                let numeric = (loss((pi, i, v + h)) - loss((pi, i, v - h))) / (2 * h)
                let analytic = Double(p.grad.data[i])
                worst = max(worst, abs(numeric - analytic) / max(1e-2, abs(numeric) + abs(analytic)))
                checked += 1
            }
        }
        #expect(checked == flow.parameterCount && checked > 150)
        #expect(worst < 2e-3, "worst relative gradient error \(worst)")
    }

    /// The denoising step's ∇ₓ log p (the backward pass to the input) against central differences.
    @Test func logDensityGradientMatchesFiniteDifferences() {
        let flow = TARFlow.randomised(blocks: 4, channels: 6, layers: 2)
        let ref = TARFlowReference(flow)
        let g = flow.logDensityGradient(Self.points)
        let h = 1e-5
        for i in 0..<4 {
            let x = [Double(Self.points[2 * i]), Double(Self.points[2 * i + 1])]
            for j in 0..<2 {
                var xp = x, xm = x
                xp[j] += h
                xm[j] -= h
                let numeric = -(ref.negativeLogLikelihood(xp) - ref.negativeLogLikelihood(xm)) / (2 * h)
                #expect(abs(numeric - Double(g[2 * i + j])) < 1e-3 * max(1, abs(numeric)), "point \(i), coordinate \(j)")
            }
        }
    }

    /// Tweedie's step x + σ²∇ log p: for the identity flow (log p = N(0, I)) it shrinks x by (1 − σ²); σ = 0 leaves it.
    @Test func denoisingIsTweediesStep() {
        var rng = RNG(seed: 2)
        let flow = TARFlow(blocks: 2, channels: 4, layers: 1, expansion: 2, rng: &rng)
        let d = flow.denoise(Self.points, sigma: 0.1)
        for i in Self.points.indices { #expect(abs(d[i] - Self.points[i] * (1 - 0.01)) < 1e-6) }
        #expect(flow.denoise(Self.points, sigma: 0) == Self.points)
    }

    /// Chunked evaluation pads the tail: results do not depend on how the points split into chunks.
    @Test func evaluationDoesNotDependOnChunking() {
        let flow = TARFlow.randomised()
        var rng = RNG(seed: 8)
        let x = Dataset.moons.sample(count: TARFlow.chunk + 7, rng: &rng)
        let all = flow.negativeLogLikelihoods(x)
        let tail = flow.negativeLogLikelihoods(Array(x.suffix(14)))
        #expect(Array(all.suffix(7)) == tail)
    }
}

/// KL(data ‖ model) = test NLL − H: zero for the data's own density, large for a known-bad one.
@Suite struct FlowLikelihoodTests {
    @Test func theExactDensityReadsZeroAndABlurDoesNot() throws {
        let data = Dataset.gaussians8
        let density = try #require(data.density)
        var rng = RNG(seed: 5)
        let x = data.sample(count: 20_000, rng: &rng)
        let exact = FlowLikelihood(negativeLogLikelihoods: density.negativeLogDensities(x), entropy: data.entropy)
        let kl = try #require(exact.kl), se = try #require(exact.klStandardError)
        #expect(abs(kl) < 3 * se, "exact density: kl \(kl) ± \(se)")
        // N(0, 4²I) covers the ring but is far too wide: a known-bad model.
        let wide = (0..<20_000).map { i -> Double in
            let a = Double(x[2 * i]), b = Double(x[2 * i + 1])
            return (a * a + b * b) / 32 + log(2 * Double.pi * 16)
        }
        let bad = try #require(FlowLikelihood(negativeLogLikelihoods: wide, entropy: data.entropy).kl)
        #expect(bad > 0.5, "a broad Gaussian is \(bad) nats from the mixture")
        #expect(FlowLikelihood.names(hasDensity: true) == exact.values.map(\.0))
    }
}
