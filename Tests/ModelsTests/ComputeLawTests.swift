import Foundation
import Testing
@testable import Models

@Suite("Compute-optimal laws: budget → steps, power-law fit with intervals, optimum per budget")
struct ComputeLawTests {
    @Test("steps = C / (6 × weights × B), rounded, at least one")
    func budgetToSteps() {
        let shape = MLPShape(input: 64, hidden: [], output: 1)
        #expect(SweepBudget.trainingFLOPs(shape) == 384)
        // A 2 → 32 → 32 → 1 MLP: 64 + 1024 + 32 multiply–adds.
        #expect(SweepBudget.trainingFLOPs(MLPShape(input: 2, hidden: [32, 32], output: 1)) == 6 * 1120)
        let c = SweepBudget.flops(384 * 4096, perExample: 384)
        #expect(c.steps(batch: 4) == 1024)
        #expect(c.steps(batch: 1024) == 4)
        #expect(SweepBudget.flops(384 * 1000, perExample: 384).steps(batch: 3) == 333)
        #expect(SweepBudget.flops(384 * 1001, perExample: 384).steps(batch: 2) == 501)
        #expect(SweepBudget.flops(10, perExample: 384).steps(batch: 64) == 1)
        // Every batch of a budget sees the same number of examples, to rounding.
        for b in [4, 16, 256] { #expect(abs(c.steps(batch: b) * b - 4096) <= b / 2) }
    }

    @Test("a preset's budgets are log-spaced FLOPs and each cell's steps follow the rule")
    func presetBudgets() throws {
        let p = try Preset(yaml: "experiment: lr-batch-scaling\ntask: linear\ndim: 64\nbudget_count: 3\nflops_min: 1.0e6\nflops_max: 1.0e8\n", source: "t.yaml")
        let c = ScalingConfig(preset: p)
        #expect(c.flops.count == 3)
        #expect(abs(c.flops[1] / 1e7 - 1) < 1e-12)
        let steps: [Int] = c.budgets.map { $0.budget.steps(batch: 8) }
        let expected: [Int] = [326, 3255, 32552]  // 1e6, 1e7, 1e8 / (384 × 8), rounded
        #expect(steps == expected)
        let plain = ScalingConfig(preset: try Preset(yaml: "experiment: lr-batch-scaling\n", source: "t.yaml"))
        #expect(plain.flops.isEmpty && plain.budgets == [plain.settings])
    }

    @Test("Student t 0.975 quantiles match the tables")
    func tQuantiles() {
        for (nu, t) in [(1, 12.7062), (2, 4.3027), (3, 3.1824), (5, 2.5706), (10, 2.2281), (30, 2.0423)] {
            #expect(abs(StudentT.quantile975(degrees: nu) - t) < 2e-4, "ν = \(nu)")
        }
    }

    @Test("power law through exact points recovers coefficient and exponent with a zero-width interval")
    func exactPowerLaw() throws {
        let c = [1e17, 1e18, 1e19, 1e20]
        let law = try #require(PowerLaw.fit(c, c.map { PowerLaw.deepSeekLR($0) }))
        #expect(abs(law.exponent + 0.125) < 1e-9)
        #expect(abs(law.coefficient / 0.3118 - 1) < 1e-6)
        let i = try #require(law.interval)
        #expect(i.upperBound - i.lowerBound < 1e-6)
    }

    @Test("interval on the exponent: hand-computed OLS half-width t·s/√Sxx, and it covers the true exponent")
    func intervalByHand() throws {
        // log₁₀ y = 0.3·x + e with e = (+0.1, −0.2, +0.2, −0.1) at x = 0…3: e's own slope is Σ(x − 1.5)e / Sxx = −0.1/5,
        // so the fitted exponent is 0.28.
        let xs = [0.0, 1, 2, 3], e = [0.1, -0.2, 0.2, -0.1]
        let law = try #require(PowerLaw.fit(xs.map { pow(10, $0) }, zip(xs, e).map { pow(10, 0.3 * $0.0 + $0.1) }))
        #expect(abs(law.exponent - 0.28) < 1e-12)
        // Residuals after the fit: e + 0.02(x − 1.5) (e has mean 0) → SSE; Sxx = 5; half-width = t₂ · √(SSE/2/5).
        let r = zip(xs, e).map { $0.1 + 0.02 * ($0.0 - 1.5) }
        let half = 4.302653 * (r.reduce(0) { $0 + $1 * $1 } / 2 / 5).squareRoot()
        let i = try #require(law.interval)
        #expect(abs((i.upperBound - i.lowerBound) / 2 - half) < 1e-5)
        #expect(i.contains(0.3))
    }

    @Test("noisy synthetic laws: the 95% interval covers the true exponent about 95% of the time")
    func intervalCoverage() throws {
        var rng = RNG(seed: 11)
        let c = (0..<5).map { pow(10, 17 + 0.75 * Double($0)) }
        var covered = 0
        let trials = 500
        for _ in 0..<trials {
            let y = c.map { PowerLaw.deepSeekBatch($0) * pow(10, 0.05 * rng.normal()) }
            if try #require(PowerLaw.fit(c, y)?.interval).contains(0.3271) { covered += 1 }
        }
        #expect(abs(Double(covered) / Double(trials) - 0.95) < 0.03)
    }

    @Test("two points give a law without an interval; one point or one C gives none")
    func degenerateFits() {
        #expect(PowerLaw.fit([1e6, 1e7], [1, 2])?.interval == nil)
        #expect(PowerLaw.fit([1e6], [1]) == nil)
        #expect(PowerLaw.fit([1e6, 1e6, 1e6], [1, 2, 3]) == nil)
    }

    /// η-optimised loss per batch: flat at `floor` up to the knee, then rising by `rise` decades per doubling.
    static func optima(knee: Int, floor: Double = -4, rise: Double = 0.3, lr: (Int) -> Double = { 1e-3 * Double($0).squareRoot() }) -> [BatchOptimum] {
        SweepGrid.powersOfTwo(from: 4, to: 1024).map { b in
            let over = max(0, log2(Double(b) / Double(knee)))
            return BatchOptimum(batch: b, lr: lr(b), bestLogLoss: floor + rise * over, atEdge: false)
        }
    }

    @Test("B_opt is where the η-optimised loss leaves the near-optimal band, interpolated in log B; η_opt follows η*(B)")
    func criticalBatch() throws {
        // Knee at 32: loss at 64 is 0.3 decades up; the band edge log₁₀(1.2) = 0.0792 lies 0.264 of the way to 64.
        let o = try #require(BudgetOptimum(optima: Self.optima(knee: 32), flops: 1e9, near: 0.2))
        let t = log10(1.2) / 0.3
        #expect(abs(log2(o.batch) - (5 + t)) < 1e-9)
        #expect(abs(o.lr / (1e-3 * o.batch.squareRoot()) - 1) < 1e-9)
        #expect(o.nearBatches == [4, 8, 16, 32])
        #expect(!o.atEdge)
        // A larger knee moves B_opt by the same factor.
        let o2 = try #require(BudgetOptimum(optima: Self.optima(knee: 128), flops: 1e10, near: 0.2))
        #expect(abs(o2.batch / o.batch - 4) < 1e-9)
    }

    @Test("a band that reaches the largest batch is flagged at the edge and left out of the laws")
    func bandAtEdge() throws {
        let o = try #require(BudgetOptimum(optima: Self.optima(knee: 4096), flops: 1e9, near: 0.2))
        #expect(o.atEdge && o.batch == 1024)
        var t = SweepTable(grid: SweepGrid(batches: [4, 8], lrs: [0.1, 0.2, 0.3], seeds: 1))
        #expect(BudgetOptimum(table: t, flops: 1, near: 0.1) == nil)
        for i in 0..<t.grid.count { t.record(SweepResult(cell: t.grid.cell(i), loss: .nan)) }
        #expect(BudgetOptimum(table: t, flops: 1, near: 0.1) == nil, "every cell diverged")
    }

    @Test("laws across budgets: knee ∝ C and η* ∝ √B give exponents 1 and 0.5; DeepSeek's constants are the paper's")
    func lawsAcrossBudgets() throws {
        let flops = [1e6, 4e6, 1.6e7]
        let tables = flops.map { c -> SweepTable in
            // η* at the centre of a 3-point LR row per batch: the loss bowl in log η around 1e-3·√B·(1e6/C)^0.25.
            let grid = SweepGrid(batches: SweepGrid.powersOfTwo(from: 4, to: 1024), lrs: SweepGrid.logSpaced(min: 1e-6, max: 1, count: 61), seeds: 1)
            var t = SweepTable(grid: grid)
            let knee = 8 * c / 1e6
            for i in 0..<grid.count {
                let cell = grid.cell(i)
                let best = log10(1e-3 * Double(cell.batch).squareRoot() * pow(1e6 / c, 0.25))
                let loss = -4 + 0.3 * max(0, log2(Double(cell.batch) / knee)) + pow(log10(Double(cell.lr)) - best, 2)
                t.record(SweepResult(cell: cell, loss: Float(pow(10, loss))))
            }
            return t
        }
        let a = ComputeAnalysis(tables: tables, flops: flops, near: 0.2)
        let b = try #require(a.batchLaw), l = try #require(a.lrLaw)
        #expect(abs(b.exponent - 1) < 0.02)
        // η_opt = 1e-3·√B_opt·(1e6/C)^0.25 ∝ C^(0.5 − 0.25).
        #expect(abs(l.exponent - 0.25) < 0.03)
        #expect(PowerLaw.deepSeekLR == PowerLaw(coefficient: 0.3118, exponent: -0.125))
        #expect(PowerLaw.deepSeekBatch == PowerLaw(coefficient: 0.2920, exponent: 0.3271))
    }
}
