/// ODE solvers for a learned velocity field, run from noise (t = 1) to data (t = 0).
public enum SamplerMethod: String, CaseIterable, Sendable {
    /// z ← z − v(z, t)·Δt.
    case euler
    /// Heun's predictor–corrector (second order), one extra evaluation per step.
    case heun
}

/// Positions of every sample at every sampler step: `steps + 1` frames of [x0, y0, x1, y1, …].
public struct Trajectories: Sendable, Equatable, Codable {
    public var frames: [[Float]]
    public var times: [Float]

    public init(frames: [[Float]], times: [Float]) {
        self.frames = frames
        self.times = times
    }

    public var count: Int { frames.first.map { $0.count / 2 } ?? 0 }
    /// Where the samples ended (t = 0).
    public var final: [Float] { frames.last ?? [] }
    /// Where they started (t = 1, noise).
    public var start: [Float] { frames.first ?? [] }
}

/// A velocity field v(x, t) evaluated on a batch: fills `out` (n×2) for points `x` (n×2) at one time `t`.
public protocol VelocityField: AnyObject {
    func velocity(_ x: [Float], t: Float, into out: inout [Float])
}

/// Integrates dz/dt = v(z, t) from t = 1 down to t = 0 in `steps` uniform steps, keeping every frame.
public func integrateFlow(
    _ field: VelocityField, noise: [Float], steps: Int, method: SamplerMethod = .euler
) -> Trajectories {
    var frames = [noise]
    var times: [Float] = [1]
    _ = integrate(field, noise: noise, steps: steps, method: method) { z, t in
        frames.append(z)
        times.append(t)
    }
    return Trajectories(frames: frames, times: times)
}

/// The same integration, keeping only where the samples end (t = 0).
public func integrateFlowFinal(_ field: VelocityField, noise: [Float], steps: Int, method: SamplerMethod = .euler) -> [Float] {
    integrate(field, noise: noise, steps: steps, method: method, frame: nil)
}

/// Euler z ← z − Δt·v(z, t), or Heun's predictor–corrector; `frame` sees every step's positions and time.
private func integrate(_ field: VelocityField, noise: [Float], steps: Int, method: SamplerMethod,
                       frame: ((_ z: [Float], _ t: Float) -> Void)?) -> [Float] {
    precondition(steps >= 1)
    let dt = 1 / Float(steps)
    var z = noise
    var v = [Float](repeating: 0, count: z.count)
    var v2 = v
    var zPred = z
    for i in 0..<steps where !EvaluationCancellation.requested {
        let t = 1 - Float(i) * dt
        field.velocity(z, t: t, into: &v)
        switch method {
        case .euler:
            for j in z.indices { z[j] -= dt * v[j] }
        case .heun:
            for j in z.indices { zPred[j] = z[j] - dt * v[j] }
            field.velocity(zPred, t: t - dt, into: &v2)
            for j in z.indices { z[j] -= 0.5 * dt * (v[j] + v2[j]) }
        }
        frame?(z, t - dt)
    }
    return z
}

/// Straightness S = mean over steps of E‖(z − x) − v(z_t, t)‖²: zero when every path is a straight line at constant speed.
///
/// (Liu et al. 2022; with our time convention the velocity points from data x to noise z.)
public func straightness(_ field: VelocityField, trajectories tr: Trajectories) -> Double {
    let steps = tr.frames.count - 1
    guard steps > 0 else { return 0 }
    let z = tr.start, x = tr.final
    let n = tr.count
    var v = [Float](repeating: 0, count: z.count)
    var total = 0.0
    for i in 0..<steps {
        field.velocity(tr.frames[i], t: tr.times[i], into: &v)
        var s = 0.0
        for j in 0..<(2 * n) {
            let d = Double(z[j] - x[j] - v[j])
            s += d * d
        }
        total += s / Double(n)
    }
    return total / Double(steps)
}
