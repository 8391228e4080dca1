import Foundation

/// How DDCM's encoder picks a code at each step.
public enum DDCMRule: String, CaseIterable, Sendable {
    /// The paper's k* = argmax_k ⟨C_t[k], x0 − x̂0(x_t)⟩ (unnormalised; DDCM-2025 latent_runners.py).
    case dot
    /// Lands nearest the diffused target: k* = argmin_k ‖μ_θ(x_t) + σ_t C_t[k] − √ᾱ_{t−1} x0‖.
    case nearest
}

/// Denoising Diffusion Codebook Models (Ohayon et al. 2025): every ancestral noise draw is replaced by a pick from a
/// fixed codebook of K Gaussian vectors per step. Codebooks and the start x_T are regenerated from seeds, never stored,
/// so a point is its T − 1 indices: (T − 1)·log₂K bits.
///
/// Steps are DDIM with η = 1 (ancestral with σ² = β̃) on `steps` strided steps; the last step adds no noise.
public struct DDCM: Sendable {
    public let schedule: NoiseSchedule
    public let seed: UInt64

    public init(schedule: NoiseSchedule, seed: UInt64) {
        self.schedule = schedule
        self.seed = seed
    }

    /// Bits of one encoded point: a log₂K-bit index at every noisy step.
    public static func bits(steps: Int, size: Int) -> Double { Double(max(steps - 1, 0)) * log2(Double(size)) }

    /// Codebook of reverse step `k`: K×2 standard normals from the step's own seed (like set_seed(idx); randn(K, …)).
    public func codebook(step k: Int, size: Int, into c: inout [Float]) {
        if c.count != 2 * size { c = [Float](repeating: 0, count: 2 * size) }
        var r = RNG(seed: seed, stream: 0xDDC_0000 &+ UInt64(k))
        for j in 0..<(2 * size) { c[j] = r.normalFloat() }
    }

    /// The fixed x_T, one seeded normal point shared by every sample.
    public func start(count n: Int) -> [Float] {
        var r = RNG(seed: seed, stream: 0xDDC_5747)
        let p = [r.normalFloat(), r.normalFloat()]
        return (0..<(2 * n)).map { p[$0 % 2] }
    }

    /// Generation with uniformly random indices (drawn from `picks`).
    public func generate(_ model: EpsilonModel, count n: Int, size: Int, steps: Int, picks: RNG, condition: Int? = nil) -> [Float] {
        var r = picks
        var book: [Float] = []
        return run(model, count: n, steps: steps, condition: condition) { k, z in
            codebook(step: k, size: size, into: &book)
            for i in 0..<n {
                let c = r.int(below: size)
                z[2 * i] = book[2 * c]
                z[2 * i + 1] = book[2 * c + 1]
            }
        } pick: { _, _, _, _, _ in }
    }

    /// Encodes `targets` (n×2): the chosen index of every row at every noisy step (row-major by step) and where the
    /// encoder's own chain ended; `frame` sees every step.
    public func encode(_ model: EpsilonModel, targets: [Float], size: Int, steps: Int, rule: DDCMRule,
                       frame: ((_ x: [Float], _ t: Float) -> Void)? = nil) -> (indices: [UInt16], final: [Float]) {
        precondition(size >= 1 && size <= 65_536, "DDCM codebooks hold 1…65536 codes")
        let n = targets.count / 2
        let grid = schedule.strided(steps)
        var indices = [UInt16](repeating: 0, count: n * max(grid.count - 2, 0))
        var book: [Float] = []
        let final = run(model, count: n, steps: steps, frame: frame) { k, _ in
            codebook(step: k, size: size, into: &book)
        } pick: { k, mean, sigma, x0, z in
            let root = Float(schedule.alphaBars[grid[k + 1]].squareRoot())
            for i in 0..<n {
                let tx = targets[2 * i], ty = targets[2 * i + 1]
                var best = 0, bestScore = -Float.infinity
                switch rule {
                case .dot:
                    let rx = tx - x0[2 * i], ry = ty - x0[2 * i + 1]
                    for c in 0..<size {
                        let s = book[2 * c] * rx + book[2 * c + 1] * ry
                        if s > bestScore { bestScore = s; best = c }
                    }
                case .nearest:
                    let rx = root * tx - mean[2 * i], ry = root * ty - mean[2 * i + 1]
                    for c in 0..<size {
                        let dx = sigma * book[2 * c] - rx, dy = sigma * book[2 * c + 1] - ry
                        let s = -(dx * dx + dy * dy)
                        if s > bestScore { bestScore = s; best = c }
                    }
                }
                indices[k * n + i] = UInt16(best)
                z[2 * i] = book[2 * best]
                z[2 * i + 1] = book[2 * best + 1]
            }
        }
        return (indices, final)
    }

    /// Replays `indices` (from `encode` with the same size and steps) on the regenerated codebooks.
    public func decode(_ model: EpsilonModel, indices: [UInt16], count n: Int, size: Int, steps: Int,
                       frame: ((_ x: [Float], _ t: Float) -> Void)? = nil) -> [Float] {
        var book: [Float] = []
        return run(model, count: n, steps: steps, frame: frame) { k, z in
            codebook(step: k, size: size, into: &book)
            for i in 0..<n {
                let c = Int(indices[k * n + i])
                z[2 * i] = book[2 * c]
                z[2 * i + 1] = book[2 * c + 1]
            }
        } pick: { _, _, _, _, _ in }
    }

    /// The reverse chain from x_T; at each noisy step `prepare` loads the codebook (and may fill z), then `pick` may
    /// choose z from the step's mean, σ and x̂0.
    private func run(_ model: EpsilonModel, count n: Int, steps: Int, condition: Int? = nil,
                     frame: ((_ x: [Float], _ t: Float) -> Void)? = nil,
                     prepare: @escaping (_ k: Int, _ z: inout [Float]) -> Void,
                     pick: @escaping (_ k: Int, _ mean: [Float], _ sigma: Float, _ x0: [Float], _ z: inout [Float]) -> Void) -> [Float] {
        reverseDiffusion(model, schedule: schedule, start: start(count: n), timesteps: schedule.strided(steps),
                         rule: .ancestral(.betaTilde), condition: condition, noise: { k, mean, sigma, x0, z in
                             prepare(k, &z)
                             pick(k, mean, sigma, x0, &z)
                         }, frame: frame)
    }
}

/// Mean Euclidean distance between two point sets row by row (the DDCM distortion ‖x0 − decoded‖).
public func meanDistance(_ a: [Float], _ b: [Float]) -> Double {
    let n = a.count / 2
    var total = 0.0
    for i in 0..<n {
        let dx = Double(a[2 * i] - b[2 * i]), dy = Double(a[2 * i + 1] - b[2 * i + 1])
        total += (dx * dx + dy * dy).squareRoot()
    }
    return total / Double(max(n, 1))
}
