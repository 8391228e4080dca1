/// A shortcut network s(x_τ, τ, d) (Frans et al. 2024): an MLP on [x, y, τ, one-hot(log₂(1/d))].
///
/// The one-hot of log₂(1/d) times the first layer's weights is a learned embedding per step size, as in the
/// official code's dt embedding. Time convention here (the paper's): τ = 0 is noise, τ = 1 data,
/// x_τ = (1−τ)·z + τ·x, and s ≈ x − z, so one step is x ← x + d·s; the lab's t is 1 − τ.
public final class ShortcutNet: HasParameters {
    public let mlp: MLP
    /// log₂ of the number of steps of the finest step size: d ranges over 1, ½, …, 2^−levels.
    public let levels: Int
    private let sampling: MLPWorkspace

    public init(hidden: [Int], activation: Activation, levels: Int, rng: inout RNG) {
        self.levels = levels
        mlp = MLP(MLPShape(input: 3 + levels + 1, hidden: hidden, output: 2, activation: activation), rng: &rng)
        sampling = MLPWorkspace(shape: mlp.shape)
    }

    public var parameters: [Parameter] { mlp.parameters }

    /// Writes row `i`: position, τ, and the one-hot of `level` = log₂(1/d).
    @inline(__always)
    func fillInput(_ input: inout Matrix, row i: Int, x: Float, y: Float, tau: Float, level: Int) {
        let w = input.cols
        input.data.withUnsafeMutableBufferPointer { p in
            let row = p.baseAddress! + i * w
            row[0] = x
            row[1] = y
            row[2] = tau
            for k in 0...levels { row[3 + k] = 0 }
            row[3 + level] = 1
        }
    }

    /// s(x, τ, 2^−level) for a batch at one τ and step size, into `out`.
    public func shortcut(_ x: [Float], tau: Float, level: Int, into out: inout [Float]) {
        run(x, tau: { _ in tau }, level: level, into: &out)
    }

    /// s(x, τ_i, 2^−level) with a τ per row (validation sets), into `out`.
    public func velocity(_ x: [Float], taus: [Float], level: Int, into out: inout [Float]) {
        run(x, tau: { taus[$0] }, level: level, into: &out)
    }

    private func run(_ x: [Float], tau: (Int) -> Float, level: Int, into out: inout [Float]) {
        let n = x.count / 2
        sampling.prepare(batch: n)
        for i in 0..<n { fillInput(&sampling.input, row: i, x: x[2 * i], y: x[2 * i + 1], tau: tau(i), level: level) }
        mlp.forward(sampling)
        for j in 0..<(2 * n) { out[j] = sampling.output.data[j] }
    }

    /// Self-consistency targets for rows (x_τ, τ, 2d) with 2d = 2^−levels[i]: two no-gradient steps of d = 2^−(levels[i]+1),
    /// ½[s(x, τ, d) + s(x + d·s(x, τ, d), τ + d, d)], batched in `ws`.
    func bootstrapTargets(xs: [SIMD2<Float>], taus: [Float], levels: [Int], workspace ws: MLPWorkspace) -> [SIMD2<Float>] {
        let nb = xs.count
        ws.prepare(batch: nb)
        for i in 0..<nb { fillInput(&ws.input, row: i, x: xs[i].x, y: xs[i].y, tau: taus[i], level: levels[i] + 1) }
        mlp.forward(ws)
        var v1 = [SIMD2<Float>](repeating: .zero, count: nb)
        for i in 0..<nb {
            v1[i] = SIMD2(ws.output[i, 0], ws.output[i, 1])
            let d = 1 / Float(1 << (levels[i] + 1))
            let xp = xs[i] + d * v1[i]
            fillInput(&ws.input, row: i, x: xp.x, y: xp.y, tau: taus[i] + d, level: levels[i] + 1)
        }
        mlp.forward(ws)
        return (0..<nb).map { 0.5 * (v1[$0] + SIMD2(ws.output[$0, 0], ws.output[$0, 1])) }
    }

    /// Samples in `steps` = 2^k steps of size d = 1/steps from noise (τ = 0) to data (τ = 1).
    public func sample(noise: [Float], steps: Int, level: Int? = nil) -> [Float] {
        let k = level ?? steps.trailingZeroBitCount
        precondition(steps > 0 && steps & (steps - 1) == 0, "shortcut sampling needs a power-of-two number of steps")
        let d = 1 / Float(steps)
        var x = noise
        var s = [Float](repeating: 0, count: x.count)
        for i in 0..<steps {
            shortcut(x, tau: Float(i) * d, level: k, into: &s)
            for j in x.indices { x[j] += d * s[j] }
        }
        return x
    }
}

/// Self-consistency target for step 2d from two steps of d (Frans et al. 2024, eq. 5):
/// s(x, τ, 2d) ≈ ½[s(x, τ, d) + s(x′, τ + d, d)] with x′ = x + d·s(x, τ, d).
public func shortcutTarget(x: SIMD2<Float>, tau: Float, d: Float, s: (SIMD2<Float>, Float) -> SIMD2<Float>) -> SIMD2<Float> {
    let v1 = s(x, tau)
    let v2 = s(x + d * v1, tau + d)
    return 0.5 * (v1 + v2)
}
