import Foundation

/// The gradient-noise scale's ingredients at one point: |G|² of the true gradient and tr Σ of the per-example covariance.
public struct GradientNoise: Sendable, Equatable, Codable {
    public var gradSquared: Double
    public var traceSigma: Double

    public init(gradSquared: Double, traceSigma: Double) {
        self.gradSquared = gradSquared
        self.traceSigma = traceSigma
    }

    /// B_simple = tr Σ / |G|² (McCandlish et al. 2018, eq. 2.8): the batch size where noise and signal balance.
    public var bSimple: Double { traceSigma / gradSquared }

    /// Two-batch estimator (McCandlish et al. 2018, App. A.1) from mean squared norms of batch gradients at two sizes:
    /// |G|² ≈ (B_big|G_big|² − B_small|G_small|²)/(B_big − B_small), tr Σ ≈ (|G_small|² − |G_big|²)/(1/B_small − 1/B_big).
    public static func twoBatch(smallNormSquared s: Double, small bs: Int, bigNormSquared b: Double, big bb: Int) -> GradientNoise {
        precondition(bb > bs && bs > 0, "the big batch must be larger than the small one")
        let Bs = Double(bs), Bb = Double(bb)
        return GradientNoise(gradSquared: (Bb * b - Bs * s) / (Bb - Bs), traceSigma: (s - b) / (1 / Bs - 1 / Bb))
    }

    /// Exact statistics from per-example gradients (rows), unbiased: tr Σ is the sample covariance's trace and |G|² = |ḡ|² − tr Σ / N.
    public static func exact(perExample g: [[Double]]) -> GradientNoise {
        var acc = Accumulator(dimension: g.first?.count ?? 0)
        for row in g { acc.add(row) }
        return acc.result
    }

    /// Running sums of per-example gradients and their squared norms, in Double so millions of examples stay exact enough.
    public struct Accumulator: Sendable {
        var sum: [Double]
        var sumNormSquared = 0.0
        var count = 0

        public init(dimension: Int) { sum = Array(repeating: 0, count: dimension) }

        public mutating func add(_ g: [Double]) {
            var n2 = 0.0
            for i in 0..<g.count {
                sum[i] += g[i]
                n2 += g[i] * g[i]
            }
            sumNormSquared += n2
            count += 1
        }

        public var result: GradientNoise {
            let n = Double(count)
            let meanNormSq = sum.reduce(0) { $0 + $1 * $1 } / (n * n)
            let trace = (sumNormSquared / n - meanNormSq) * n / (n - 1)
            return GradientNoise(gradSquared: meanNormSq - trace / n, traceSigma: trace)
        }
    }
}

extension ScalingWorker {
    /// Exact per-example gradient statistics at the shared initialisation over `examples` fresh training examples.
    public func exactGradientNoise(examples: Int, seed: UInt64 = 0) -> GradientNoise {
        var acc = GradientNoise.Accumulator(dimension: student.parameterCount)
        var flat = [Double](repeating: 0, count: student.parameterCount)
        var rng = RNG(seed: task.config.seed ^ seed, stream: 0x6E015E)
        student.load(values: task.initValues)
        for _ in 0..<examples {
            batchGradient(batch: 1, rng: &rng, into: &flat)
            acc.add(flat)
        }
        return acc.result
    }

    /// Two-batch estimate at the shared initialisation, averaging |G_B|² over `draws` independent batches of each size.
    public func twoBatchGradientNoise(small: Int, big: Int, draws: Int, seed: UInt64 = 0) -> GradientNoise {
        var flat = [Double](repeating: 0, count: student.parameterCount)
        var rng = RNG(seed: task.config.seed ^ seed, stream: 0x2BA7C4)
        student.load(values: task.initValues)
        func meanNormSquared(_ b: Int) -> Double {
            var total = 0.0
            for _ in 0..<draws {
                batchGradient(batch: b, rng: &rng, into: &flat)
                total += flat.reduce(0) { $0 + $1 * $1 }
            }
            return total / Double(draws)
        }
        let s = meanNormSquared(small), b = meanNormSquared(big)
        return .twoBatch(smallNormSquared: s, small: small, bigNormSquared: b, big: big)
    }

    /// The mean-loss gradient of one fresh batch at the current weights, flattened over every parameter.
    func batchGradient(batch: Int, rng: inout RNG, into flat: inout [Double]) {
        let ws = student.workspace
        ws.prepare(batch: batch)
        targets.reshape(rows: batch, cols: task.config.outputDim)
        sampler.fill(x: &ws.input, y: &targets, rng: &rng)
        _ = lossAndGradient(ws)
        student.backward(ws)
        var k = 0
        for p in student.parameters {
            for v in p.grad.data {
                flat[k] = Double(v)
                k += 1
            }
        }
    }
}

extension ScalingWorker {
    /// Exact noise statistics along one cell's training run (replayed with its own data), at up to `points` evenly spaced steps
    /// before the update: B_simple grows as the loss falls, so the start's value only describes short runs.
    public func trajectoryGradientNoise(_ cell: SweepCell, settings: SweepSettings, examples: Int, points: Int = 8) -> [(step: Int, noise: GradientNoise)] {
        student.load(values: task.initValues)
        let params = student.parameters
        let optimizer = makeOptimizer(settings.optimizerConfig(lr: cell.lr))
        var dataRNG = Self.dataRNG(task: task.config, cell: cell, shared: settings.sharedData)
        var noiseRNG = RNG(seed: task.config.seed, stream: 0x7A7E)
        var flat = [Double](repeating: 0, count: student.parameterCount)
        let steps = settings.budget.steps(batch: cell.batch)
        let every = max(1, (steps + points - 1) / max(points, 1))
        var out: [(step: Int, noise: GradientNoise)] = []
        for step in 0..<steps {
            if step % every == 0 {
                var acc = GradientNoise.Accumulator(dimension: student.parameterCount)
                for _ in 0..<examples {
                    batchGradient(batch: 1, rng: &noiseRNG, into: &flat)
                    acc.add(flat)
                }
                out.append((step, acc.result))
            }
            let ws = student.workspace
            ws.prepare(batch: cell.batch)
            targets.reshape(rows: cell.batch, cols: task.config.outputDim)
            sampler.fill(x: &ws.input, y: &targets, rng: &dataRNG)
            _ = lossAndGradient(ws)
            student.backward(ws)
            optimizer.step(params, lrScale: 1)
        }
        return out
    }
}
