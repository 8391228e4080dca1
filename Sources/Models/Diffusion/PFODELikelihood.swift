import Foundation

/// An ε-model that also gives the trace of its input Jacobian, tr ∂ε̂/∂x_t (exact in 2D: two entries), so the
/// probability-flow ODE's likelihood can be integrated.
public protocol EpsilonDivergence: EpsilonModel {
    /// ε̂ (n×2, unconditional) and tr ∂ε̂/∂x_t (n) at the rows of `x` (n×2), all at one level.
    func epsilonAndDivergence(_ x: [Float], level: NoiseLevel, into out: inout [Float], divergence: inout [Double])
}

/// DDPM's probability-flow ODE as a continuous normalising flow, for its exact likelihood (Song et al. 2021, §4.3).
/// On EDM's axis x̃ = x/√ᾱ obeys dx̃/dσ = ε̂(x̃/√(1+σ²), σ) (Karras et al. 2022, eq. 3 with s = 1/√(1+σ²)); it is
/// integrated in u = ln σ, well-conditioned over σ's four decades, from σ_1 (the schedule's first step) to σ_T, where
/// the model's prior is its sampler's start x_T ~ N(0, I), i.e. x̃_T ~ N(0, (1 + σ_T²) I). `odeLogLikelihood`'s
/// t ∈ [0, 1] maps to u = ln σ_1 + t·L with L = ln(σ_T/σ_1), so v = L·σ·ε̂ and ∇·v = L·σ/√(1+σ²)·tr ∂ε̂/∂x_t.
///
/// Approximation: the flow from σ = 0 to σ_1 is taken as the identity, x̃(σ_1) = x0 (the net is never trained below
/// σ_1, ≈ 0.01 on the linear schedule): what is measured is the density at σ_1, the model's data density smoothed by
/// N(0, σ_1² I) — for a mixture of std s it changes log p by O(σ_1²/s²).
public final class ProbabilityFlowField: DivergenceField {
    public let model: EpsilonDivergence
    public let schedule: NoiseSchedule
    private let logLow: Double, span: Double
    private var xt: [Float] = []
    private var eps: [Float] = []
    private var unused: [Double] = []

    public init(_ model: EpsilonDivergence, schedule: NoiseSchedule) {
        self.model = model
        self.schedule = schedule
        logLow = log(schedule.level(1).sigma)
        span = log(schedule.last.sigma) - logLow
    }

    /// RK4 steps in ln σ over its ~9.6 units (half as many for `flow_kl_half`): the averaged weights' flow_kl moves
    /// 7e-4 from 32 to 64.
    public static let steps = 64
    public var likelihoodSteps: Int { Self.steps }

    /// σ at the flow time t (t = 0: σ_1, t = 1: σ_T).
    public func sigma(_ t: Float) -> Double { exp(logLow + Double(t) * span) }

    /// x̃_T ~ N(0, (1 + σ_T²) I): the sampler's x_T ~ N(0, I) on the x̃ axis.
    public var priorVariance: Double { 1 / schedule.last.alphaBar }

    public func velocity(_ x: [Float], t: Float, into out: inout [Float]) {
        velocityAndDivergence(x, t: t, velocity: &out, divergence: &unused)
    }

    public func velocityAndDivergence(_ x: [Float], t: Float, velocity: inout [Float], divergence: inout [Double]) {
        let s = sigma(t), inv = 1 / (1 + s * s).squareRoot()
        if xt.count != x.count {
            xt = [Float](repeating: 0, count: x.count)
            eps = xt
        }
        for j in x.indices { xt[j] = x[j] * Float(inv) }
        model.epsilonAndDivergence(xt, level: NoiseLevel(t: schedule.level(sigma: s).t, alphaBar: inv * inv), into: &eps, divergence: &divergence)
        let k = span * s
        for j in x.indices { velocity[j] = Float(k) * eps[j] }
        for i in divergence.indices { divergence[i] *= k * inv }
    }
}

extension EpsilonNet: EpsilonDivergence {
    /// One forward pass on the likelihood's own buffers (unconditional rows), then the 2×2 Jacobian's trace.
    public func epsilonAndDivergence(_ x: [Float], level: NoiseLevel, into out: inout [Float], divergence: inout [Double]) {
        let ws: MLPWorkspace
        if mlp.bilinearTraceFits, FusedLayers.allowed, let shared = sharedLikelihood {
            shared.run(self, x, t: level.t, condition: nil)
            ws = shared.workspace
        } else {
            ws = likelihoodWorkspace
            guard fillSharedLevel(ws, x, t: level.t, condition: nil) else { return }
            mlp.forward(ws)
        }
        ws.output.data.withUnsafeBufferPointer { o in
            for j in 0..<x.count { out[j] = o[j] }
        }
        mlp.planarJacobianTrace(ws, into: &divergence)
    }
}

extension ExactDenoiser: EpsilonDivergence {
    /// ε* = (x − √ᾱ m(x))/√(1 − ᾱ) with m = E[x0 | x_t], so tr ∂ε*/∂x = (2 − √ᾱ tr ∂m/∂x)/√(1 − ᾱ); the trace by central
    /// differences of m in Double (step 1e-5: error ~1e-10, far below what is measured).
    public func epsilonAndDivergence(_ x: [Float], level: NoiseLevel, into out: inout [Float], divergence: inout [Double]) {
        epsilon(x, level: level, condition: nil, into: &out)
        let n = x.count / 2, a = level.alphaBar, h = 1e-5
        if divergence.count != n { divergence = [Double](repeating: 0, count: n) }
        for i in 0..<n {
            let p = SIMD2(Double(x[2 * i]), Double(x[2 * i + 1]))
            let dx = posteriorMean(p + SIMD2(h, 0), alphaBar: a).x - posteriorMean(p - SIMD2(h, 0), alphaBar: a).x
            let dy = posteriorMean(p + SIMD2(0, h), alphaBar: a).y - posteriorMean(p - SIMD2(0, h), alphaBar: a).y
            divergence[i] = (2 - a.squareRoot() * (dx + dy) / (2 * h)) / (1 - a).squareRoot()
        }
    }
}
