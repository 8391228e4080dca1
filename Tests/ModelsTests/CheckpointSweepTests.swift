import Foundation
import Testing
@testable import Models

@Suite("The checkpointed compute sweep: which cells run, its units, its runner and what it finds")
struct CheckpointSweepTests {
    static func preset(_ sets: [String] = []) throws -> Preset {
        var p = try PresetLibrary(directory: shippedPresetsDir).load("compute-optimal")
        for s in sets { try p.set(s) }
        return p
    }

    /// A small sweep of the preset's design: 7 budgets over 1.5 decades, batches 8…1024, 2 seeds.
    static let small = ["budget_count=7", "flops_min=2e5", "flops_max=6.32e6", "batches=[8,16,32,64,128,256,512,1024]", "seeds=2"]

    @Test("a batch runs at a budget only with B ≤ E/4 (E = C/384 examples): the preset runs 5 355 cells a seed")
    func whichCellsRun() throws {
        let c = ScalingConfig(preset: try Self.preset())
        #expect(c.checkpointed && c.flops.count == 13 && c.grid.lrs.count == 45 && c.minSteps == 4)
        // 0.1 decade from 1e-4 to 10^0.4.
        #expect(abs(Double(c.grid.lrs[1] / c.grid.lrs[0]) - pow(10, 0.1)) < 1e-5 && abs(Double(c.grid.lrs.last!) - pow(10, 0.4)) < 1e-5)
        let plan = c.checkpoints
        // B = 8 runs at every budget; 16 384 needs E ≥ 65 536, first met at C = 2e5·10^(9/4) = 3.56e7 (E = 92 606).
        #expect(plan[0].map(\.budget) == Array(0..<13))
        #expect(plan[11].map(\.budget) == Array(9..<13))
        #expect(plan[11][0].steps == 6 && plan[0][0].steps == 65, "round(E/B): 92 606/16 384, 520.8/8")
        // 5 + 5 + 6 + 7 + 8 + 9 + 10 + 10 + 11 + 12 + 12 + 12 + 12 batches at the 13 budgets, × 45 LRs × 8 seeds.
        #expect(c.cellCount == 119 * 45 * 8)
        let units = CellSweepUnits(config: c)
        #expect(units.unitCount == 12 * 45 * 8, "one unit per (seed, batch, LR): every batch reaches the largest budget")
    }

    @Test("checkpointed units: a row per budget round-trips through cells.csv; the largest budget's completes the unit; a missing one is named")
    func units() throws {
        let c = ScalingConfig(preset: try Self.preset(Self.small))
        let units = CellSweepUnits(config: c)
        #expect(units.header == "unit,budget,batch,lr,seed,excess,b_noise")
        // LR-major: seed 0, batch 32 (row 2 of 2 seeds × 8 batches), LR 5 is unit 5 × 16 + 2.
        let u = 5 * 16 + 2
        var cell = units.cell(u)
        #expect(cell.seed == 0 && cell.batch == 32 && cell.lrIndex == 5)
        let rows = c.checkpoints[cell.batchIndex].map { k -> SweepResult in
            cell.budget = k.budget
            return SweepResult(cell: cell, loss: 1e-3 / Float(k.budget + 1), noiseScale: 40 + Float(k.budget))
        }
        #expect(rows.count == 7 && rows.filter(units.completes).map(\.cell.budget) == [6])
        for r in rows {
            let decoded = try units.decode([(line: 2, text: Substring(units.row(r)))], file: "cells.csv")
            #expect(decoded[0].result == r && units.unit(of: r) == u)
        }
        #expect(units.inconsistency(rows) == nil)
        let short = units.inconsistency(rows.filter { $0.cell.budget != 3 })
        #expect(short?.contains("lacks its budget 3 row") == true, "\(short ?? "")")
        // A row for a budget the batch does not reach is another sweep's: 1024 needs E ≥ 4096, i.e. budget ≥ 4.
        let far = units.cell(7)
        #expect(far.batch == 1024 && far.seed == 0)
        let bad = "7,2,1024,\(formatNumber(far.lr)),0,0.001,50"
        #expect(throws: ConfigError.self) { try units.decode([(line: 9, text: Substring(bad))], file: "cells.csv") }
    }

    @Test("per-budget units leave out the cells min_steps rules out, and keep every cell's unit number without it")
    func perBudgetUnits() throws {
        let yaml = "experiment: lr-batch-scaling\ntask: linear\nbatches: [4, 8, 16, 32]\nlr_count: 3\nseeds: 1\nbudget_count: 2\nflops_min: 3840\nflops_max: 38400\nmin_steps: 4\n"
        let c = ScalingConfig(preset: try Preset(yaml: yaml, source: "t.yaml"))
        // E = 10 and 100 examples: budget 0 runs no batch (4·4 > 10), budget 1 runs B = 4, 8, 16 (≤ 25).
        let units = CellSweepUnits(config: c)
        #expect(units.unitCount == 3 * 3 && units.cell(0).budget == 1 && units.cell(8).batch == 16)
        let plain = CellSweepUnits(grid: c.grid, budgetCount: 2)
        #expect(plain.keys == Array(0..<24))
    }

    @Test("the runner emits every cell that runs once, and a shard's subset of units gives the same numbers")
    func runnerCoversTheSweepAndShardsAgree() throws {
        var c = ScalingConfig(preset: try Self.preset(["budget_count=3", "flops_min=2e5", "flops_max=2e6", "batches=[8,16,32,64]", "lr_count=9", "seeds=2"]))
        c.threads = 2
        let units = CellSweepUnits(config: c)
        let pool = c.makePool(units)
        pool.start()
        pool.wait()
        let whole = pool.drain()
        #expect(whole.count == c.cellCount)
        #expect(Set(whole.map { units.cellKey($0) }).count == whole.count)
        let shard = Shard(k: 2, n: 3).units(of: units.unitCount)
        let part = c.makePool(units, todo: shard)
        part.start()
        part.wait()
        let key = { (r: SweepResult) in units.cellKey(r) }
        let byKey = Dictionary(uniqueKeysWithValues: whole.map { (key($0), $0) })
        let got = part.drain()
        let same = { (a: SweepResult, b: SweepResult) in
            a.cell == b.cell && a.loss.bitPattern == b.loss.bitPattern && a.noiseScale.bitPattern == b.noiseScale.bitPattern
        }
        let matching = got.filter { r in byKey[key(r)].map { same(r, $0) } == true && shard.contains(units.unit(of: r)) }
        #expect(!got.isEmpty && matching.count == got.count)
        #expect(whole.contains { $0.diverged }, "the grid reaches past the stability limit")
        // 2 seeds × 4 batches = 8 rows: with N = 2 (or 4, 8) every row's LRs fall in one shard; with N = 3 they spread.
        let row = { (u: Int) in units.cell(u).seed * 4 + units.cell(u).batchIndex }
        for n in [2, 4, 8] {
            #expect((0..<units.unitCount).allSatisfy { u in (0..<units.unitCount).filter { row($0) == row(u) }.allSatisfy { $0 % n == u % n } })
        }
    }

    @Test("on the power-law task (the preset with 2 seeds) B_opt rises with compute, B_noise with it, above it; each seed table restricted alone")
    func powerLawFindsARisingBatch() throws {
        var c = ScalingConfig(preset: try Self.preset(["seeds=2"]))
        c.threads = 2
        let results = Self.run(c)
        var tables = c.flops.map { _ in SweepTable(grid: c.grid) }
        for r in results { tables[r.cell.budget].record(r) }
        let a = ComputeAnalysis(tables: tables, flops: c.flops, near: c.nearOptimal, lrOptimum: c.lrOptimum)
        let law = try #require(a.batchLaw), noise = try #require(a.noiseLaw)
        #expect(law.exponent > 0.15 && noise.exponent > 0.2, "B_opt C^\(law.exponent), B_noise C^\(noise.exponent)")
        #expect(a.optima.allSatisfy { !$0.atEdge && $0.noiseScale! > $0.batch })
        #expect(a.halves.map(\.seeds) == [0..<1, 1..<2])
        let half = tables[3].restricted(to: 1..<2)
        #expect(half.grid.seeds == 1 && half.losses[0] == tables[3].losses[1] && half.noiseScales[0] == tables[3].noiseScales[1])
        #expect(half.done == tables[3].done / 2)
    }

    @Test("known-bad: on the isotropic task (spectrum_decay 0) every batch is optimal, so the bands reach the largest batch (all budgets but at most one) and no law is fitted")
    func isotropicTaskHasNoLaw() throws {
        var c = ScalingConfig(preset: try Self.preset(Self.small + ["spectrum_decay=0", "target_decay=0"]))
        c.threads = 2
        var tables = c.flops.map { _ in SweepTable(grid: c.grid) }
        for r in Self.run(c) { tables[r.cell.budget].record(r) }
        let a = ComputeAnalysis(tables: tables, flops: c.flops, near: c.nearOptimal, lrOptimum: c.lrOptimum)
        #expect(a.optima.count == 7 && a.optima.filter { !$0.atEdge }.count <= 1)
        #expect(a.batchLaw == nil && a.lrLaw == nil)
    }

    static func run(_ c: ScalingConfig) -> [SweepResult] {
        let pool = c.makePool(CellSweepUnits(config: c))
        pool.start()
        pool.wait()
        return pool.drain()
    }

    @Test("task: powerlaw takes plain SGD and budgets: other settings are one-line errors naming the key")
    func rules() throws {
        for (set, key) in [("optimizer=adam", "--set optimizer"), ("momentum=0.9", "--set momentum"), ("budget_count=0", "--set budget_count")] {
            var p = try Self.preset()
            do {
                try p.set(set)
                Issue.record("\(set) was accepted")
            } catch let e as ConfigError {
                #expect(e.description.hasPrefix(key) && !e.description.contains("\n"), "\(e.description)")
            }
        }
        // The old design is reachable: task first, then Adam.
        let old = try Self.preset(["task=linear", "optimizer=adam", "min_steps=1", "lr_optimum=vertex"])
        #expect(!ScalingConfig(preset: old).checkpointed)
    }
}
