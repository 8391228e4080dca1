import Foundation

/// tiny-diffusion's issue #4: its CLI default T = 50 keeps the 1000-step β range (1e-4 → 0.02), so √ᾱ_T ≈ 0.78 and
/// x_T is far from N(0, I); sampling from N(0, I) then loses the tails of `line` (uniform on [−2, 2] × [−4, 4]) even
/// with the exact denoiser. More steps over the same β range, or the cosine schedule, bring them back.
public enum SchedulePitfall {
    /// The schedules compared, by the name their measures carry.
    public static let schedules: [(name: String, label: String, schedule: NoiseSchedule)] = [
        ("linear50", "linear T=50", NoiseSchedule(kind: .linear, steps: 50)),
        ("linear250", "linear T=250", NoiseSchedule(kind: .linear, steps: 250)),
        ("linear1000", "linear T=1000", NoiseSchedule(kind: .linear, steps: 1000)),
        ("cosine50", "cosine T=50", NoiseSchedule(kind: .cosine, steps: 50)),
    ]

    /// |y| beyond this is "the tail": a quarter of `line`'s mass.
    public static let tailThreshold: Float = 3

    /// The measures' names for one schedule (or "data").
    public static func names(_ key: String) -> (std: String, tail: String, signal: String) {
        ("tails_\(key)_std_y", "tails_\(key)_share", "tails_\(key)_sqrt_abar")
    }

    /// Every name `measure` returns, in order.
    public static var allNames: [String] {
        let d = names("data")
        return [d.std, d.tail] + schedules.flatMap { s -> [String] in
            let n = names(s.name)
            return [n.signal, n.std, n.tail]
        }
    }

    /// Std of y and the share with |y| > 3 for fresh `line` data, then for each schedule's exact ancestral samples from
    /// `noise` (σ² = `variance`), with the schedule's √ᾱ_T.
    public static func measure(noise: [Float], variance: AncestralVariance, seed: UInt64) -> [(String, Double)] {
        guard let exact = Dataset.line.exactDenoiser else { return [] }
        var rng = RNG(seed: seed, stream: 9)
        let data = Dataset.line.sample(count: noise.count / 2, rng: &rng)
        let d = names("data"), stats = tails(data)
        var out: [(String, Double)] = [(d.std, stats.std), (d.tail, stats.share)]
        for s in schedules {
            let samplers = DiffusionSamplers(schedule: s.schedule, seed: seed)
            let x = samplers.draw(exact, kind: .ancestral, noise: noise, steps: s.schedule.steps, variance: variance).final
            let n = names(s.name), t = tails(x)
            out += [(n.signal, s.schedule.alphaBars[s.schedule.steps].squareRoot()), (n.std, t.std), (n.tail, t.share)]
        }
        return out
    }

    /// Std of the y coordinates and the share of points with |y| > 3.
    public static func tails(_ points: [Float]) -> (std: Double, share: Double) {
        let n = points.count / 2
        var sum = 0.0, sumSquares = 0.0, beyond = 0
        for i in 0..<n {
            let y = points[2 * i + 1]
            sum += Double(y)
            sumSquares += Double(y) * Double(y)
            if abs(y) > tailThreshold { beyond += 1 }
        }
        let mean = sum / Double(max(n, 1))
        return ((sumSquares / Double(max(n, 1)) - mean * mean).squareRoot(), Double(beyond) / Double(max(n, 1)))
    }
}
