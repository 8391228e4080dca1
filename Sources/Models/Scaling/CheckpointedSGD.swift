import Foundation

/// A checkpoint of a run: the budget it stands for and the step after which it is read.
public struct Checkpoint: Sendable, Equatable {
    public var budget: Int
    public var steps: Int

    public init(budget: Int, steps: Int) {
        self.budget = budget
        self.steps = steps
    }
}

/// Plain SGD with a constant LR on the power-law task, from w = 0, for one (seed, batch) and any set of learning
/// rates: each LR is a lane of SIMD8 vectors and every lane steps on the same batches of the seed's example stream, so
/// the stream is drawn once for all of them. With a constant LR a smaller budget is an earlier point of the same run,
/// so one run reads the excess loss at every budget's step count (`Checkpoint`) and costs what the largest budget does.
///
/// Per step: X (B × d) and ε drawn, r = X·e − σε, G = Xᵀr, e ← e − (η/B)·G — the gradient Xᵀ(Xw − y)/B written in
/// the weight error e = w − w*. A lane's arithmetic touches only its own lane and the shared data, in a fixed order,
/// so its numbers do not depend on which other LRs share the run (a shard's subset of a row gives the same bits). The
/// buffers are allocated once per worker; the step loop allocates nothing.
public final class CheckpointedSGD {
    public let task: PowerLawTask
    public let maxLanes: Int
    public let maxBatch: Int
    private let d: Int
    private let vectors: Int
    private let sqrtLambda: UnsafeMutablePointer<Float>
    private let halfLambda: UnsafeMutablePointer<Float>
    private let x: UnsafeMutablePointer<Float>
    private let y: UnsafeMutablePointer<Float>
    /// e and G as d rows of `vectors` SIMD8 lanes; eta holds η/B per lane (0 for padding and diverged lanes).
    private let e: UnsafeMutablePointer<SIMD8<Float>>
    private let g: UnsafeMutablePointer<SIMD8<Float>>
    private let eta: UnsafeMutablePointer<SIMD8<Float>>
    private let excess: UnsafeMutablePointer<SIMD8<Float>>
    private var diverged: [Bool]
    private let traceH: Double
    private let zig = ZigguratTables()

    public init(task: PowerLawTask, maxLanes: Int, maxBatch: Int) {
        self.task = task
        self.maxLanes = max(1, maxLanes)
        self.maxBatch = max(1, maxBatch)
        d = task.dim
        vectors = (self.maxLanes + 7) / 8
        sqrtLambda = .allocate(capacity: d)
        halfLambda = .allocate(capacity: d)
        for k in 0..<d {
            sqrtLambda[k] = Float(task.eigenvalues[k].squareRoot())
            halfLambda[k] = Float(0.5 * task.eigenvalues[k])
        }
        x = .allocate(capacity: self.maxBatch * d)
        y = .allocate(capacity: self.maxBatch)
        e = .allocate(capacity: d * vectors)
        g = .allocate(capacity: d * vectors)
        eta = .allocate(capacity: vectors)
        excess = .allocate(capacity: vectors)
        diverged = Array(repeating: false, count: vectors * 8)
        traceH = task.traceH
    }

    deinit {
        for p in [sqrtLambda, halfLambda, x, y] { p.deallocate() }
        for p in [e, g, eta, excess] { p.deallocate() }
    }

    /// Runs `lrs` at `batch` on the stream `rng` to the last checkpoint (ascending steps) and hands each lane's excess
    /// loss 0.5·eᵀHe and gradient-noise scale to `emit` at every checkpoint, NaN for both once the lane diverged (its
    /// excess passed `divergenceFactor` × the starting excess at some step). False when cancelled.
    @discardableResult
    public func run(batch: Int, lrs: [Float], checkpoints: [Checkpoint], rng: inout RNG, divergenceFactor: Double = 100,
                    cancel: CancelFlag? = nil, emit: (_ checkpoint: Int, _ lane: Int, _ excess: Double, _ noiseScale: Double) -> Void) -> Bool {
        precondition(batch >= 1 && batch <= maxBatch && lrs.count <= maxLanes, "the run exceeds the worker's buffers")
        let nv = (lrs.count + 7) / 8
        start(lrs: lrs, batch: batch, vectors: nv)
        let limit = SIMD8<Float>(repeating: Float(divergenceFactor * task.excess(task.target.map { -$0 })))
        let sigma = Float(task.noise)
        var next = 0
        var step = 0
        while next < checkpoints.count {
            if cancel?.isCancelled == true { return false }
            for i in 0..<batch { y[i] = sigma * PowerLawTask.draw(x + i * d, sqrtLambda: sqrtLambda, dim: d, rng: &rng, zig) }
            accumulateGradient(batch: batch, vectors: nv)
            update(vectors: nv)
            for j in 0..<nv where any(.!(excess[j] .<= limit)) { markDiverged(vector: j, lanes: lrs.count, vectors: nv, limit: limit[0]) }
            step += 1
            while next < checkpoints.count, checkpoints[next].steps == step {
                for l in 0..<lrs.count {
                    let v = reading(lane: l, vectors: nv)
                    emit(next, l, v.excess, v.noiseScale)
                }
                next += 1
            }
        }
        return true
    }

    /// e = −w* on every real lane, 0 on the padding; η/B per lane.
    private func start(lrs: [Float], batch: Int, vectors nv: Int) {
        for l in 0..<(nv * 8) { diverged[l] = false }
        for j in 0..<nv {
            var rate = SIMD8<Float>(repeating: 0)
            for t in 0..<8 where j * 8 + t < lrs.count { rate[t] = lrs[j * 8 + t] / Float(batch) }
            eta[j] = rate
            for k in 0..<d {
                var v = SIMD8<Float>(repeating: 0)
                for t in 0..<8 where j * 8 + t < lrs.count { v[t] = -Float(task.target[k]) }
                e[k * nv + j] = v
            }
        }
    }

    /// G = Σ_i x_i (x_i·e − y_i) over the batch, two examples at a time and 16 lanes at a time, the residuals in
    /// registers (an odd batch's last example pairs with a zero one). Every lane sees the same operations in the same
    /// order whichever block it falls in.
    private func accumulateGradient(batch: Int, vectors nv: Int) {
        for q in 0..<(d * nv) { g[q] = .zero }
        var i = 0
        while i < batch {
            let pair = i + 1 < batch
            let x0 = x + i * d, x1 = pair ? x0 + d : x0
            let y0 = SIMD8<Float>(repeating: y[i]), y1 = SIMD8<Float>(repeating: pair ? y[i + 1] : 0)
            let keep = SIMD8<Float>(repeating: pair ? 1 : 0)
            var j = 0
            while j + 1 < nv {
                var r0a = -y0, r0b = -y0, r1a = -y1, r1b = -y1
                for k in 0..<d {
                    let a = SIMD8<Float>(repeating: x0[k]), b = SIMD8<Float>(repeating: x1[k])
                    let ea = e[k * nv + j], eb = e[k * nv + j + 1]
                    r0a += a * ea
                    r0b += a * eb
                    r1a += b * ea
                    r1b += b * eb
                }
                r1a *= keep
                r1b *= keep
                for k in 0..<d {
                    let a = SIMD8<Float>(repeating: x0[k]), b = SIMD8<Float>(repeating: x1[k])
                    g[k * nv + j] += a * r0a + b * r1a
                    g[k * nv + j + 1] += a * r0b + b * r1b
                }
                j += 2
            }
            if j < nv {
                var r0 = -y0, r1 = -y1
                for k in 0..<d {
                    let a = SIMD8<Float>(repeating: x0[k]), b = SIMD8<Float>(repeating: x1[k])
                    let ea = e[k * nv + j]
                    r0 += a * ea
                    r1 += b * ea
                }
                r1 *= keep
                for k in 0..<d {
                    let a = SIMD8<Float>(repeating: x0[k]), b = SIMD8<Float>(repeating: x1[k])
                    g[k * nv + j] += a * r0 + b * r1
                }
            }
            i += 2
        }
    }

    /// e ← e − (η/B)·G, and each lane's excess 0.5·Σ λ_k e_k² (Float, for the divergence check).
    private func update(vectors nv: Int) {
        for j in 0..<nv { excess[j] = .zero }
        for k in 0..<d {
            let h = SIMD8<Float>(repeating: halfLambda[k])
            for j in 0..<nv {
                let q = k * nv + j
                e[q] -= eta[j] * g[q]
                excess[j] += h * e[q] * e[q]
            }
        }
    }

    /// Stops the lanes of vector `j` whose excess passed `limit` (or is NaN): their e and η become 0, so they stay finite.
    private func markDiverged(vector j: Int, lanes: Int, vectors nv: Int, limit: Float) {
        for t in 0..<8 where j * 8 + t < lanes && !diverged[j * 8 + t] && !(excess[j][t] <= limit) {
            diverged[j * 8 + t] = true
            eta[j][t] = 0
            for k in 0..<d { e[k * nv + j][t] = 0 }
        }
    }

    /// Lane `l`'s excess 0.5·eᵀHe and noise scale, in Double from its Float weight error; NaN once it diverged.
    private func reading(lane l: Int, vectors nv: Int) -> (excess: Double, noiseScale: Double) {
        guard !diverged[l] else { return (.nan, .nan) }
        let j = l / 8, t = l % 8
        var ex = 0.0, he2 = 0.0
        for k in 0..<d {
            let ek = Double(e[k * nv + j][t]), lam = task.eigenvalues[k]
            ex += lam * ek * ek
            he2 += lam * lam * ek * ek
        }
        ex *= 0.5
        return (ex, PowerLawTask.noiseScale(excess: ex, heSquared: he2, noise: task.noise, traceH: traceH))
    }
}
