import Foundation
import Testing
@testable import Models

@Suite("Checkpointed SGD on the power-law task")
struct CheckpointedSGDTests {
    static let task = PowerLawTask(dim: 8, spectrumDecay: 1.5, targetDecay: 2, noise: 0.5)

    /// (checkpoint, lane) → (excess, noise scale) of one run.
    static func run(_ sgd: CheckpointedSGD, batch: Int, lrs: [Float], steps: [Int], seed: UInt64 = 1) -> [[(Double, Double)]] {
        var out = Array(repeating: Array(repeating: (Double.nan, Double.nan), count: lrs.count), count: steps.count)
        var rng = RNG(seed: seed, stream: 0xDA7A)
        let done = sgd.run(batch: batch, lrs: lrs, checkpoints: steps.enumerated().map { Checkpoint(budget: $0, steps: $1) }, rng: &rng) { k, l, ex, n in
            out[k][l] = (ex, n)
        }
        #expect(done)
        return out
    }

    @Test("one step from w = 0 by hand: e₁ = −w* − (η/B)·Σ x(x·(−w*) − σε) on the stream's first B examples")
    func oneStepByHand() throws {
        let t = Self.task, batch = 4, eta: Float = 0.3
        let sgd = CheckpointedSGD(task: t, maxLanes: 1, maxBatch: batch)
        let got = Self.run(sgd, batch: batch, lrs: [eta], steps: [1])[0][0]
        var rng = RNG(seed: 1, stream: 0xDA7A)
        let zig = ZigguratTables()
        let sqrtL = t.eigenvalues.map { Float($0.squareRoot()) }
        var g = [Double](repeating: 0, count: 8)
        for _ in 0..<batch {
            let x = sqrtL.map { Double($0 * NormalZiggurat.next(&rng, zig)) }
            let y = Double(Float(t.noise) * NormalZiggurat.next(&rng, zig))
            let r = zip(x, t.target).reduce(0) { $0 - $1.0 * $1.1 } - y
            for k in 0..<8 { g[k] += x[k] * r }
        }
        let e = (0..<8).map { -t.target[$0] - Double(eta) / Double(batch) * g[$0] }
        #expect(abs(got.0 / t.excess(e) - 1) < 1e-5)
        #expect(abs(got.1 / t.noiseScale(e) - 1) < 1e-4)
    }

    @Test("with a constant LR the excess at budget k is that of a separate run stopped at budget k, bit for bit")
    func checkpointsAreEarlierPointsOfOneRun() {
        let sgd = CheckpointedSGD(task: Self.task, maxLanes: 3, maxBatch: 16)
        let lrs: [Float] = [0.05, 0.4, 1.2]
        let all = Self.run(sgd, batch: 16, lrs: lrs, steps: [3, 17, 60])
        for (k, steps) in [3, 17, 60].enumerated() {
            let alone = Self.run(sgd, batch: 16, lrs: lrs, steps: [steps])[0]
            for l in 0..<3 { #expect(all[k][l].0 == alone[l].0 && all[k][l].1 == alone[l].1, "checkpoint \(k), lane \(l)") }
        }
        // The excess falls as the run goes on (every lane here is stable).
        for l in 0..<3 { #expect(all[2][l].0 < all[0][l].0) }
    }

    @Test("a lane's numbers do not depend on the other LRs in its run (a shard's subset of a row gives the same bits)")
    func lanesAreIndependent() {
        let sgd = CheckpointedSGD(task: Self.task, maxLanes: 20, maxBatch: 8)
        let lrs = SweepGrid.logSpaced(min: 1e-3, max: 3, count: 20)
        let row = Self.run(sgd, batch: 8, lrs: lrs, steps: [5, 40])
        for l in [0, 7, 8, 13, 19] {
            let alone = Self.run(sgd, batch: 8, lrs: [lrs[l]], steps: [5, 40])
            let pair = Self.run(sgd, batch: 8, lrs: [lrs[(l + 5) % 20], lrs[l]], steps: [5, 40])
            for k in 0..<2 {
                #expect(row[k][l].0 == alone[k][0].0 || (row[k][l].0.isNaN && alone[k][0].0.isNaN), "lane \(l) alone")
                #expect(row[k][l].0 == pair[k][1].0 || (row[k][l].0.isNaN && pair[k][1].0.isNaN), "lane \(l) second of two")
            }
        }
    }

    @Test("an LR past the stability limit diverges (NaN at every later budget) and leaves the others untouched")
    func divergence() {
        let sgd = CheckpointedSGD(task: Self.task, maxLanes: 2, maxBatch: 8)
        let both = Self.run(sgd, batch: 8, lrs: [0.5, 12], steps: [30, 90])
        let stable = Self.run(sgd, batch: 8, lrs: [0.5], steps: [30, 90])
        #expect(both[0][1].0.isNaN && both[1][1].0.isNaN && both[1][1].1.isNaN)
        #expect(both[0][0].0 == stable[0][0].0 && both[1][0].0 == stable[1][0].0)
    }

    @Test("the mean excess over 8000 seeds follows the exact second-moment recursion of SGD on Gaussian inputs within 4%")
    func meanExcessMatchesTheory() {
        // For diagonal H and Gaussian x, m_k = E[e_k²] evolves on its own: m ← (1 − ηλ)² m + (η²/B)(λ² m + λ Σ_j λ_j m_j + σ²λ)
        // (Isserlis), and E[excess] = ½ Σ λ_k m_k.
        let t = Self.task, batch = 4, steps = [10, 50]
        let lrs: [Float] = [0.2, 0.8]
        let sgd = CheckpointedSGD(task: t, maxLanes: 2, maxBatch: batch)
        var mean = [[Double]](repeating: [0, 0], count: 2)
        let seeds = 8000
        for s in 0..<seeds {
            let r = Self.run(sgd, batch: batch, lrs: lrs, steps: steps, seed: UInt64(s + 100))
            for k in 0..<2 { for l in 0..<2 { mean[k][l] += r[k][l].0 / Double(seeds) } }
        }
        for (l, eta) in lrs.map(Double.init).enumerated() {
            var m = t.target.map { $0 * $0 }
            var expected: [Double] = []
            for step in 1...steps.last! {
                let trHM = zip(t.eigenvalues, m).reduce(0) { $0 + $1.0 * $1.1 }
                m = zip(t.eigenvalues, m).map { lam, mk in
                    (1 - eta * lam) * (1 - eta * lam) * mk + eta * eta / Double(batch) * (lam * lam * mk + lam * trHM + t.noise * t.noise * lam)
                }
                if steps.contains(step) { expected.append(0.5 * zip(t.eigenvalues, m).reduce(0) { $0 + $1.0 * $1.1 }) }
            }
            for k in 0..<2 { #expect(abs(mean[k][l] / expected[k] - 1) < 0.04, "η \(eta) at step \(steps[k]): \(mean[k][l]) vs \(expected[k])") }
        }
    }
}
