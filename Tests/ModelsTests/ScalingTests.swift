import Foundation
import Testing
@testable import Models

@Suite("LR × batch scaling: noise scale, optimum fit, worker pool")
struct ScalingTests {
    /// Per-example gradients with a clear mean, for estimator checks.
    static func gradients(count: Int, dim: Int) -> [[Double]] {
        var rng = RNG(seed: 7)
        return (0..<count).map { _ in (0..<dim).map { d in 0.3 * Double(d + 1) + rng.normal() } }
    }

    @Test("two-batch formula matches hand-computed |G|² and tr Σ")
    func twoBatchHandValues() {
        // |G|² = 1, tr Σ = 8: E|G_B|² = 1 + 8/B → B=2: 5, B=8: 2.
        let n = GradientNoise.twoBatch(smallNormSquared: 5, small: 2, bigNormSquared: 2, big: 8)
        #expect(abs(n.gradSquared - 1) < 1e-12)
        #expect(abs(n.traceSigma - 8) < 1e-12)
        #expect(abs(n.bSimple - 8) < 1e-12)
    }

    @Test("two-batch estimator over random batches agrees with the exact per-example statistics")
    func twoBatchAgainstExact() {
        let g = Self.gradients(count: 40, dim: 6)
        let n = Double(g.count)
        // Sampling with replacement from this finite set: population mean and covariance trace.
        let mean = (0..<6).map { d in g.reduce(0) { $0 + $1[d] } / n }
        let popTrace = g.reduce(0) { acc, row in acc + zip(row, mean).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } } / n
        let popGrad = mean.reduce(0) { $0 + $1 * $1 }
        let exact = GradientNoise.exact(perExample: g)
        #expect(abs(exact.traceSigma - popTrace * n / (n - 1)) < 1e-9, "exact uses the unbiased covariance")
        #expect(abs(exact.gradSquared - (popGrad - exact.traceSigma / n)) < 1e-9)
        var rng = RNG(seed: 3)
        func meanNormSq(_ b: Int, draws: Int) -> Double {
            var total = 0.0
            for _ in 0..<draws {
                var s = [Double](repeating: 0, count: 6)
                for _ in 0..<b { let row = g[rng.int(below: g.count)]; for d in 0..<6 { s[d] += row[d] / Double(b) } }
                total += s.reduce(0) { $0 + $1 * $1 }
            }
            return total / Double(draws)
        }
        let est = GradientNoise.twoBatch(smallNormSquared: meanNormSq(2, draws: 40_000), small: 2, bigNormSquared: meanNormSq(16, draws: 40_000), big: 16)
        #expect(abs(est.traceSigma / popTrace - 1) < 0.05)
        #expect(abs(est.gradSquared / popGrad - 1) < 0.05)
        #expect(abs(est.bSimple / (popTrace / popGrad) - 1) < 0.08)
    }

    @Test("on the teacher task the two-batch estimate of B_simple matches exact per-example gradients")
    func workerNoiseScales() {
        var c = ScalingTaskConfig()
        c.heldOut = 256
        let worker = ScalingWorker(task: ScalingTask(c))
        let exact = worker.exactGradientNoise(examples: 4000)
        let two = worker.twoBatchGradientNoise(small: 4, big: 64, draws: 1500)
        #expect(exact.bSimple > 1)
        #expect(abs(two.bSimple / exact.bSimple - 1) < 0.2, "two-batch \(two.bSimple) vs exact \(exact.bSimple)")
    }

    @Test("on the linear task per-example gradients give B_simple = d + 2 + σ²(d + 1), the closed form for Gaussian inputs")
    func linearNoiseScale() {
        var c = ScalingTaskConfig()
        c.kind = .linear
        c.dim = 16
        c.noise = 0.5
        c.targetScale = 0.1
        c.heldOut = 8192
        let worker = ScalingWorker(task: ScalingTask(c))
        let n = worker.exactGradientNoise(examples: 40_000)
        // At w = 0 the excess is |w*|² = 1: |G|² = 4s², tr Σ = 4s²((d + 2) + σ²(d + 1)) with s the target scale.
        let s2 = 0.01, d = 16.0, sigma2 = 0.25
        #expect(abs(n.gradSquared / (4 * s2) - 1) < 0.05, "|G|² \(n.gradSquared)")
        #expect(abs(n.traceSigma / (4 * s2 * (d + 2 + sigma2 * (d + 1))) - 1) < 0.05, "tr Σ \(n.traceSigma)")
        #expect(abs(worker.initialLoss / Float(s2) - 1) < 0.1, "held-out excess loss at w = 0 is s²|w*|² (sampling error ≈ 1.6 %)")
    }

    @Test("on the linear task one SGD step's best LR grows about B-fold below B_noise (η* = η_max/(1 + B_noise/B))")
    func linearGreedyStep() {
        var c = ScalingTaskConfig()
        c.kind = .linear
        c.dim = 16
        c.heldOut = 2048
        var s = SweepSettings()
        s.optimizer.kind = .sgd
        s.optimizer.momentum = 0
        s.budget = .steps(1)
        let grid = SweepGrid(batches: [2, 16], lrs: SweepGrid.logSpaced(min: 0.005, max: 1, count: 24), seeds: 24)
        let worker = ScalingWorker(task: ScalingTask(c))
        var table = SweepTable(grid: grid)
        for cell in grid.cells { table.record(SweepResult(cell: cell, loss: worker.run(cell, settings: s)!)) }
        let a = SweepAnalysis(table: table, smallBatchMax: 16)
        // B_noise = 16 + 2 + 0.25·17 ≈ 22: theory gives η*(2) = 0.5/12 ≈ 0.042 and η*(16) = 0.5/2.4 ≈ 0.21.
        #expect(a.optima.count == 2)
        let ratio = a.optima[1].lr / a.optima[0].lr
        #expect(ratio > 3 && ratio < 8, "η*(16)/η*(2) = \(ratio)")
    }

    @Test("parabola fit finds the vertex of a sampled parabola and flags grid-edge optima")
    func parabola() {
        let xs = (0..<9).map { -3 + 0.5 * Double($0) }
        let ys: [Double?] = xs.map { 2 * ($0 + 1.2) * ($0 + 1.2) + 0.7 }
        let m = OptimumFit.minimum(xs: xs, ys: ys)!
        #expect(abs(m.x - -1.2) < 1e-9)
        #expect(!m.atEdge)
        let q = OptimumFit.quadratic([0, 1, 2, 3], [1, 2, 5, 10])!
        #expect(abs(q.a - 1) < 1e-9 && abs(q.b) < 1e-9 && abs(q.c - 1) < 1e-9)
        let rising: [Double?] = xs.map { $0 }
        #expect(OptimumFit.minimum(xs: xs, ys: rising)!.atEdge)
        var withNaN = ys
        withNaN[8] = .nan
        #expect(abs(OptimumFit.minimum(xs: xs, ys: withNaN)!.x - -1.2) < 1e-9)
    }

    @Test("theory fits recover the parameters of their own curves")
    func theoryFits() {
        let bs = [4.0, 8, 16, 32, 64, 128, 256, 512, 1024, 2048]
        let sgd = SGDTheory(etaMax: 0.3, bNoise: 64)
        let fit = SGDTheory.fit(batches: bs, eta: bs.map(sgd.eta))!
        #expect(abs(fit.bNoise / 64 - 1) < 0.05 && abs(fit.etaMax / 0.3 - 1) < 0.05)
        let adam = AdamTheory(etaMax: 0.01, kScale: 100, betaNoise: nil)
        let afit = AdamTheory.fit(batches: bs, eta: bs.map(adam.eta), surge: false)!
        #expect(abs(afit.kScale / 100 - 1) < 0.05)
        let surge = AdamTheory(etaMax: 0.01, kScale: 100, betaNoise: 0.6)
        #expect(surge.eta(surge.peakBatch!) > surge.eta(2 * surge.peakBatch!), "the surge form falls past its peak")
        #expect(abs(surge.eta(surge.peakBatch!) - 0.01) < 1e-9)
    }

    @Test("line fit gives slope 1 for η ∝ B")
    func slope() {
        let l = OptimumFit.line([0, 1, 2, 3], [1, 2, 3, 4])!
        #expect(abs(l.slope - 1) < 1e-12 && abs(l.intercept - 1) < 1e-12)
    }

    static func smallRunner(steps: Int, threads: Int) -> SweepRunner {
        var c = ScalingTaskConfig()
        c.hidden = [8]
        c.heldOut = 128
        var s = SweepSettings()
        s.optimizer.kind = .sgd
        s.optimizer.momentum = 0
        s.budget = .steps(steps)
        let grid = SweepGrid(batches: [4, 16], lrs: SweepGrid.logSpaced(min: 0.01, max: 100, count: 5), seeds: 2)
        return SweepRunner(grid: grid, task: ScalingTask(c), settings: s, threads: threads)
    }

    @Test("the pool finishes every cell once, with the same numbers as one worker, and marks huge LRs diverged")
    func poolFinishes() {
        let runner = Self.smallRunner(steps: 20, threads: 2)
        runner.start()
        runner.wait()
        var table = SweepTable(grid: runner.grid)
        let results = runner.drain()
        for r in results { table.record(r) }
        #expect(results.count == runner.grid.count && table.isComplete)
        #expect(runner.progress.done == runner.grid.count)
        let worker = ScalingWorker(task: runner.task)
        for r in results.prefix(4) {
            let again = worker.run(r.cell, settings: runner.settings)!
            #expect(again == r.loss || (again.isNaN && r.loss.isNaN))
        }
        #expect(results.contains { $0.diverged && $0.cell.lr == 100 })
        #expect(results.contains { !$0.diverged })
        #expect(table.csv.split(separator: "\n").count == runner.grid.count + 1)
    }

    @Test("cancel stops a long sweep early and restart runs it again from the first cell")
    func cancellation() {
        let runner = Self.smallRunner(steps: 200_000, threads: 2)
        runner.start()
        usleep(50_000)
        let t0 = Date()
        runner.cancel()
        #expect(Date().timeIntervalSince(t0) < 2)
        #expect(runner.progress.done < runner.grid.count)
        #expect(runner.isCancelled)
        runner.start()
        #expect(!runner.isCancelled && runner.progress.done == 0)
        runner.cancel()
    }

    @Test("the budget in examples gives fewer steps to bigger batches")
    func budget() {
        #expect(SweepBudget.examples(4096).steps(batch: 64) == 64)
        #expect(SweepBudget.examples(10).steps(batch: 64) == 1)
        #expect(SweepBudget.steps(7).steps(batch: 64) == 7)
        #expect(SweepGrid.powersOfTwo(from: 4, to: 32) == [4, 8, 16, 32])
        let lrs = SweepGrid.logSpaced(min: 1e-3, max: 1, count: 4)
        #expect(abs(lrs[1] - 1e-2) < 1e-6 && abs(lrs[3] - 1) < 1e-6)
    }
}

@Suite("lr-batch-scaling preset")
struct ScalingPresetTests {
    @Test("a preset becomes a grid, a budget and an optimizer with the swept LR in the right slot")
    func presetToConfig() throws {
        var p = try Preset(yaml: "experiment: lr-batch-scaling\noptimizer: adam\neps: 0.1\nbatches: [4, 8]\nlr_count: 3\nexamples: 4096\nseeds: 3\n", source: "t.yaml")
        var c = ScalingConfig(preset: p)
        #expect(c.grid.count == 2 * 3 * 3)
        #expect(c.settings.budget == .examples(4096))
        #expect(c.settings.optimizer.kind == .adam && c.settings.optimizer.eps == Float(0.1))
        #expect(c.grid.lrs.first == Float(ScalingConfig.defaultLRRange(.adam).0))
        #expect(throws: ConfigError.self) { try p.set("optimizer=muon") }
        try p.set("task=teacher")
        try p.set("optimizer=muon")
        c = ScalingConfig(preset: p)
        let o = c.settings.optimizerConfig(lr: 0.5)
        #expect(o.muonLR == 0.5 && o.lr == 0.5 * c.settings.muonSideRatio)
        #expect(throws: ConfigError.self) { try p.set("optimizer=moonlight") }
    }
}
