/// A fixed held-out set of (x_t, level, ε) for the DDPM loss, stratified over 64 levels so each level is one batch
/// (one per class when `conditional`: the conditional model is validated), with the exact denoiser's ε* where the data
/// has one: the loss floor, and the net's excess E‖ε̂ − ε*‖² measured directly.
public struct EpsilonValidation {
    public static let levels = 64
    let schedule: NoiseSchedule
    /// Batches: a step index, a condition, the noisy points and the true noises (flat n×2).
    let batches: [(step: Int, condition: Int?, points: [Float], noises: [Float])]
    let exact: [[Float]]?
    public let floor: Double?

    public init(dataset: Dataset, schedule: NoiseSchedule, size: Int, seed: UInt64, conditional: Bool = false) {
        self.schedule = schedule
        var rng = RNG(seed: seed, stream: 10)
        let per = max(1, size / Self.levels)
        let classes = conditional ? max(dataset.classCount, 1) : 1
        var batches: [(step: Int, condition: Int?, points: [Float], noises: [Float])] = []
        for j in 0..<Self.levels {
            let i = max(1, min(schedule.steps, Int(((Double(j) + 0.5) * Double(schedule.steps) / Double(Self.levels)).rounded())))
            let a = Float(schedule.alphaBars[i])
            var x = [[Float]](repeating: [], count: classes), e = x
            for _ in 0..<per {
                let (x0, label) = dataset.sampleLabelled(&rng)
                let z = SIMD2(rng.normalFloat(), rng.normalFloat())
                let xt = a.squareRoot() * x0 + (1 - a).squareRoot() * z
                let c = conditional ? min(label, classes - 1) : 0
                x[c] += [xt.x, xt.y]
                e[c] += [z.x, z.y]
            }
            for c in 0..<classes where !x[c].isEmpty { batches.append((i, conditional ? c : nil, x[c], e[c])) }
        }
        self.batches = batches
        if let model = dataset.exactDenoiser {
            let star = batches.map { b -> [Float] in
                var out = [Float](repeating: 0, count: b.points.count)
                model.epsilon(b.points, level: schedule.level(b.step), condition: b.condition, into: &out)
                return out
            }
            exact = star
            floor = Self.meanSquared(star, batches.map(\.noises))
        } else {
            exact = nil
            floor = nil
        }
    }

    /// The model's loss on the set and, where ε* is known, its excess over the floor.
    public func evaluate(_ model: EpsilonModel) -> (loss: Double, excess: Double?) {
        let predicted = batches.map { b -> [Float] in
            var out = [Float](repeating: 0, count: b.points.count)
            model.epsilon(b.points, level: schedule.level(b.step), condition: b.condition, into: &out)
            return out
        }
        return (Self.meanSquared(predicted, batches.map(\.noises)), exact.map { Self.meanSquared(predicted, $0) })
    }

    /// Mean over rows of ‖a − b‖².
    static func meanSquared(_ a: [[Float]], _ b: [[Float]]) -> Double {
        var total = 0.0, rows = 0
        for (u, v) in zip(a, b) {
            for j in u.indices {
                let d = Double(u[j] - v[j])
                total += d * d
            }
            rows += u.count / 2
        }
        return total / Double(max(rows, 1))
    }

    /// The prefix of the names these are reported under (the core's `val_loss`, `val_floor`, `val_excess`).
    public static let prefix = "eps_"

    public static func names(hasFloor: Bool) -> [String] {
        (["val_loss"] + (hasFloor ? ["val_floor", "val_excess"] : [])).map { prefix + $0 }
    }

    public func scalars(_ model: EpsilonModel) -> [(String, Double)] {
        let r = evaluate(model)
        var out = [(Self.prefix + "val_loss", r.loss)]
        if let floor, let x = r.excess { out += [(Self.prefix + "val_floor", floor), (Self.prefix + "val_excess", x)] }
        return out
    }
}
