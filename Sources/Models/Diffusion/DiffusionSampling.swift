import Foundation

/// The variance of DDPM's ancestral step (Ho et al. 2020, §3.2): both are optimal in a limit.
public enum AncestralVariance: String, CaseIterable, Sendable {
    /// σ² = β_t: optimal for x0 ~ N(0, I).
    case beta
    /// σ² = β̃_t = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t): the posterior variance, optimal for x0 at a point.
    case betaTilde = "beta-tilde"
}

/// One reverse step from level t to an earlier level t′ on a strided grid.
public enum DiffusionStep: Sendable, Equatable {
    /// The posterior mean μ̃(x_t, x̂0) plus σ·z, σ² = β or β̃ of the strided step (β = 1 − ᾱ_t/ᾱ_t′).
    case ancestral(AncestralVariance)
    /// DDIM (Song et al. 2021, eq. 12): x_t′ = √ᾱ′ x̂0 + √(1 − ᾱ′ − σ²) ε̂ + σ z, σ = η √β̃; η = 0 is deterministic.
    case ddim(eta: Double)
}

/// The coefficients of one reverse step: x_t′ = cx0·x̂0 + ceps·ε̂ + cxt·x_t + sigma·z.
public struct StepCoefficients: Sendable, Equatable {
    public var cx0: Double, ceps: Double, cxt: Double, sigma: Double

    /// The step from ᾱ (at t) to ᾱ′ (at t′ < t); the last step to the data adds no noise.
    public init(_ rule: DiffusionStep, alphaBar a: Double, previous ap: Double) {
        let beta = 1 - a / ap
        let betaTilde = beta * (1 - ap) / (1 - a)
        switch rule {
        case .ancestral(let v):
            cx0 = ap.squareRoot() * beta / (1 - a)
            cxt = (a / ap).squareRoot() * (1 - ap) / (1 - a)
            ceps = 0
            sigma = ap >= 1 ? 0 : (v == .beta ? beta : betaTilde).squareRoot()
        case .ddim(let eta):
            sigma = ap >= 1 ? 0 : eta * betaTilde.squareRoot()
            cx0 = ap.squareRoot()
            ceps = max(0, 1 - ap - sigma * sigma).squareRoot()
            cxt = 0
        }
    }
}

/// Chooses the noise z of reverse step `k` (0 = the first, noisiest) for every row: DDPM draws fresh normals, DDCM
/// picks codebook entries. It sees the step's mean (without noise), σ and x̂0 (n×2 each) and writes z (n×2).
public typealias NoisePicker = (_ k: Int, _ mean: [Float], _ sigma: Float, _ x0: [Float], _ z: inout [Float]) -> Void

/// Fresh standard normals from `rng` for every step (plain DDPM / DDIM with η > 0).
public func gaussianNoise(_ rng: RNG) -> NoisePicker {
    var r = rng
    return { _, _, _, _, z in
        for j in z.indices { z[j] = r.normalFloat() }
    }
}

/// Runs reverse steps over `timesteps` (descending, ending at 0) from `start` (x at the first timestep); `frame`
/// sees x after every step with its time t′. Buffers are allocated once per run, none per step.
@discardableResult
public func reverseDiffusion(_ model: EpsilonModel, schedule: NoiseSchedule, start: [Float], timesteps: [Int], rule: DiffusionStep,
                             condition: Int? = nil, noise: NoisePicker? = nil,
                             frame: ((_ x: [Float], _ t: Float) -> Void)? = nil) -> [Float] {
    var x = start
    var eps = [Float](repeating: 0, count: x.count), x0 = eps, mean = eps, z = eps
    for k in 0..<(timesteps.count - 1) where !EvaluationCancellation.requested {
        let from = schedule.level(timesteps[k]), to = schedule.level(timesteps[k + 1])
        model.epsilon(x, level: from, condition: condition, into: &eps)
        let c = StepCoefficients(rule, alphaBar: from.alphaBar, previous: to.alphaBar)
        let sa = Float(from.alphaBar.squareRoot()), sn = Float((1 - from.alphaBar).squareRoot())
        let cx0 = Float(c.cx0), ceps = Float(c.ceps), cxt = Float(c.cxt), sigma = Float(c.sigma)
        for j in x.indices {
            x0[j] = (x[j] - sn * eps[j]) / sa
            mean[j] = cx0 * x0[j] + ceps * eps[j] + cxt * x[j]
        }
        if sigma > 0, let noise {
            noise(k, mean, sigma, x0, &z)
            for j in x.indices { x[j] = mean[j] + sigma * z[j] }
        } else {
            for j in x.indices { x[j] = mean[j] }
        }
        frame?(x, to.t)
    }
    return x
}

/// How the probability-flow ODE is integrated.
public enum ODESolver: String, CaseIterable, Sendable {
    case euler, heun
}

/// The probability-flow ODE on EDM's axis (Karras et al. 2022, eq. 3 with s = 1/√(1+σ²)): x̃ = x/√ᾱ obeys
/// dx̃/dσ = (x̃ − D(x̃; σ))/σ = ε̂(x̃/√(1+σ²), σ); Euler or Heun (the 2nd-order correction skipped on the last step
/// to σ = 0, EDM Algorithm 1) over `sigmas` (descending, ending at 0). Starts from x_T = `start`.
@discardableResult
public func probabilityFlow(_ model: EpsilonModel, schedule: NoiseSchedule, start: [Float], sigmas: [Double], solver: ODESolver,
                            condition: Int? = nil, frame: ((_ x: [Float], _ t: Float) -> Void)? = nil) -> [Float] {
    let scale0 = Float((1 + sigmas[0] * sigmas[0]).squareRoot())
    var xs = start.map { $0 * scale0 }
    var xt = start, d = start, d2 = start, xp = start, shown = start
    for k in 0..<(sigmas.count - 1) where !EvaluationCancellation.requested {
        let s = sigmas[k], s2 = sigmas[k + 1]
        let inv = Float(1 / (1 + s * s).squareRoot())
        for j in xs.indices { xt[j] = xs[j] * inv }
        model.epsilon(xt, level: schedule.level(sigma: s), condition: condition, into: &d)
        let h = Float(s2 - s)
        if solver == .heun && s2 > 0 {
            for j in xs.indices { xp[j] = xs[j] + h * d[j] }
            let inv2 = Float(1 / (1 + s2 * s2).squareRoot())
            for j in xs.indices { xt[j] = xp[j] * inv2 }
            model.epsilon(xt, level: schedule.level(sigma: s2), condition: condition, into: &d2)
            for j in xs.indices { xs[j] += 0.5 * h * (d[j] + d2[j]) }
        } else {
            for j in xs.indices { xs[j] += h * d[j] }
        }
        if let frame {
            let inv2 = Float(1 / (1 + s2 * s2).squareRoot())
            for j in xs.indices { shown[j] = xs[j] * inv2 }
            frame(shown, s2 > 0 ? schedule.level(sigma: s2).t : 0)
        }
    }
    return xs
}

/// Keeps the paths of the first `rows` samples, at most `limit` + 1 frames (every k-th step and the last), for the live
/// picture: ancestral paths are random walks, so a few of them say more than many.
public struct PathRecorder {
    public private(set) var frames: [[Float]]
    public private(set) var times: [Float]
    private let every: Int
    private let width: Int
    private var count = 0
    private let total: Int

    public init(start: [Float], steps: Int, limit: Int = 100, rows: Int = .max) {
        width = 2 * min(rows, start.count / 2)
        frames = [Array(start.prefix(width))]
        times = [1]
        every = max(1, (steps + limit - 1) / limit)
        total = steps
    }

    public mutating func add(_ x: [Float], _ t: Float) {
        count += 1
        if count % every == 0 || count == total {
            frames.append(Array(x.prefix(width)))
            times.append(t)
        }
    }

    public var trajectories: Trajectories { Trajectories(frames: frames, times: times) }
}
