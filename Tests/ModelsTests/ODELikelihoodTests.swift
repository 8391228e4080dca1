import Foundation
import Testing
@testable import Models

@Suite struct ODELikelihoodTests {
    /// v(x, t) = A·x with A = diag(a, b): x₁ = e^A·x₀ and ∫∇·v dt = a + b, so log p₀(x₀) = log N(e^A x₀; 0, I) + a + b.
    final class Linear: DivergenceField {
        let a: Float, b: Float
        init(_ a: Float, _ b: Float) { self.a = a; self.b = b }
        func velocity(_ x: [Float], t: Float, into out: inout [Float]) {
            for i in 0..<(x.count / 2) { out[2 * i] = a * x[2 * i]; out[2 * i + 1] = b * x[2 * i + 1] }
        }
        func velocityAndDivergence(_ x: [Float], t: Float, velocity: inout [Float], divergence: inout [Double]) {
            self.velocity(x, t: t, into: &velocity)
            divergence = [Double](repeating: Double(a + b), count: x.count / 2)
        }
    }

    @Test func aGaussianPushedThroughALinearFlowHasItsExactLikelihood() {
        let x: [Float] = [0.3, -1.2, 2, 0.5, -0.7, 0.1]
        let got = odeLogLikelihood(Linear(0.4, -0.9), points: x, steps: 32)
        for i in 0..<3 {
            let x1 = exp(0.4) * Double(x[2 * i]), y1 = exp(-0.9) * Double(x[2 * i + 1])
            let exact = -log(2 * Double.pi) - 0.5 * (x1 * x1 + y1 * y1) + (0.4 - 0.9)
            #expect(abs(got[i] - exact) < 1e-5, "point \(i): \(got[i]) vs \(exact)")
        }
    }

    /// The exact mixture field's ODE likelihood is the data's own density, point by point, to the solver's accuracy.
    @Test func theExactFieldsLikelihoodIsTheDataDensity() throws {
        var rng = RNG(seed: 2)
        let x = Dataset.gaussians8.sample(count: 100, rng: &rng)
        let density = try #require(Dataset.gaussians8.density)
        let truth = density.negativeLogDensities(x).map { -$0 }
        let ode = odeLogLikelihood(ExactFlowField(.ring()), points: x, steps: 64)
        let worst = zip(ode, truth).map { abs($0 - $1) }.max()!
        #expect(worst < 0.02, "largest per-point gap \(worst)")
        let mean = zip(ode, truth).map { $0 - $1 }.reduce(0, +) / 100
        #expect(abs(mean) < 5e-3, "mean gap \(mean)")
    }

    /// The net's divergence (one product: two hidden layers, positions as inputs) against central differences of its velocity.
    @Test func theNetsDivergenceMatchesFiniteDifferences() {
        var r = RNG(seed: 8)
        let net = FlowNet(hidden: [16, 16], activation: .silu, time: .raw, rng: &r)
        let x: [Float] = [0.4, -1.1, 2.2, 0.3]
        var v = [Float](repeating: 0, count: 4), div: [Double] = []
        net.velocityAndDivergence(x, t: 0.35, velocity: &v, divergence: &div)
        for i in 0..<2 {
            let fd = centralDivergence(x, point: i) { p in
                var out = [Float](repeating: 0, count: p.count)
                net.velocity(p, t: 0.35, into: &out)
                return out
            }
            #expect(abs(fd - div[i]) < 1e-2 * max(1, abs(fd)), "point \(i): fd \(fd) vs \(div[i])")
        }
    }

    /// The one-product trace (issue 28) against the two backward passes it replaces, on nets of the lab's shapes, and a
    /// known-bad case: a trace that reads the wrong layer's derivative (M built from W₁'s third column, the time) is far off.
    @Test(arguments: [(3, 128), (18, 64), (8, 16)])
    func theOneProductTraceEqualsTheTwoBackwardPasses(_ shape: (input: Int, width: Int)) {
        var r = RNG(seed: 11)
        let mlp = MLP(MLPShape(input: shape.input, hidden: [shape.width, shape.width], output: 2, activation: .silu), rng: &r)
        let ws = MLPWorkspace(shape: mlp.shape, batch: 64)
        for i in 0..<(64 * shape.input) { ws.input.data[i] = 1.5 * r.normalFloat() }
        mlp.forward(ws)
        var bilinear: [Double] = [], passes: [Double] = []
        mlp.bilinearTrace(ws, into: &bilinear)
        mlp.planarJacobianTrace(ws, into: &passes) { SIMD2(ws.inputGrad[$0, 0], ws.inputGrad[$0, 1]) }
        let scale = passes.map(abs).max()!
        let worst = zip(bilinear, passes).map { abs($0 - $1) }.max()!
        #expect(worst < 1e-5 * max(1, scale), "largest gap \(worst) at scale \(scale)")
        // Known-bad: the trace of ∂v/∂(x, t) instead of ∂v/∂(x, y) is a different number.
        mlp.planarJacobianTrace(ws, into: &passes) { SIMD2(ws.inputGrad[$0, 0], ws.inputGrad[$0, 2]) }
        #expect(zip(bilinear, passes).map { abs($0 - $1) }.max()! > 100 * worst)
    }

    @Test func reflowReportsItsFlowKLConvergedInSteps() {
        let e = GenerativeExperiment.reflow(.small())
        e.train(to: 100)
        let ev = e.evaluate()
        let kl = ev["flow_kl"]!, half = ev["flow_kl_half"]!
        #expect(ev["flow_nll"] != nil && kl > 0 && abs(kl - half) < 0.05, "flow_kl \(kl), at half the RK4 steps \(half)")
        #expect(e.evaluationNames.contains("flow_kl"))
    }
}

/// ∂f₁/∂x + ∂f₂/∂y of a batched 2D field at row `i` of `x`, by central differences of step `h`.
func centralDivergence(_ x: [Float], point i: Int, h: Float = 1e-2, _ f: ([Float]) -> [Float]) -> Double {
    var fd = 0.0
    for axis in 0..<2 {
        var up = x, down = x
        up[2 * i + axis] += h
        down[2 * i + axis] -= h
        fd += Double(f(up)[2 * i + axis] - f(down)[2 * i + axis]) / Double(2 * h)
    }
    return fd
}
