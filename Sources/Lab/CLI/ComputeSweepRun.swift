import ArgumentParser
import Foundation
import Models

extension RunCommand {
    /// The LR × batch sweep at several compute budgets: one table per budget, the optimum of each and the two power laws
    /// (with B_noise(C) and the seed halves' laws where measured) in fit.json; every cell in sweep.csv with its budget
    /// and step count.
    static func finishComputeSweep(_ p: Preset, _ config: ScalingConfig, results: [SweepResult], records: [ShardRecord], outDir: URL) throws {
        var tables = config.flops.map { _ in SweepTable(grid: config.grid) }
        for r in results { tables[r.cell.budget].record(r) }
        let analysis = ComputeAnalysis(tables: tables, flops: config.flops, near: config.nearOptimal, lrOptimum: config.lrOptimum)
        let done = tables.reduce(0) { $0 + $1.done }
        var head = summaryHead(p, records: records) { fields in
            fields.set("optimizer", config.settings.optimizer.kind.rawValue)
            fields.set("task", config.task.kind.rawValue)
            fields.set("flops_per_example", config.flopsPerExample)
            fields.set("flops_rule", "6 x weights per example (2 forward + 4 backward per multiply-add); steps = round(C / (flops_per_example x B))")
            fields.set("budgets", config.flops)
            fields.set("min_steps", config.minSteps)
            fields.set("seeds", config.grid.seeds)
            fields.set("cells_done", done)
            fields.set("cells_total", config.cellCount)
            fields.set("cells_diverged", tables.reduce(0) { $0 + $1.diverged })
            fields.set("divergence_rule", DivergenceRule.text(factor: Double(config.settings.divergenceFactor),
                                                              watching: config.checkpointed ? "the excess loss at any step" : "a batch or held-out loss"))
        }
        if config.checkpointed {
            let task = config.task.powerLaw
            var t = JSONObject()
            t.set("dim", task.dim)
            t.set("eigenvalues", "lambda_i = i^-\(formatNumber(task.spectrumDecay))")
            t.set("target_profile", "lambda_i w*_i^2 = i^-\(formatNumber(task.targetDecay)) / sum, unit signal variance")
            t.set("label_noise", task.noise)
            t.set("loss", "excess over the floor: 0.5 e'He (population, exact; floor sigma^2/2)")
            t.set("floor", task.floor)
            t.set("runs", "one constant-LR SGD run per (batch, lr, seed), read at every budget it reaches")
            head.set("power_law_task", object: t)
        }
        try write(sweepCSV(config, tables), to: outDir.appendingPathComponent("sweep.csv"))
        try write(analysis.json(extra: head).text() + "\n", to: outDir.appendingPathComponent("fit.json"))
        var findings = [
            "η_opt ∝ C^\(exponentText(analysis.lrLaw)) (DeepSeek \(formatNumber(PowerLaw.deepSeekLR.exponent)))",
            "B_opt ∝ C^\(exponentText(analysis.batchLaw)) (DeepSeek \(formatNumber(PowerLaw.deepSeekBatch.exponent)))",
        ]
        if analysis.noiseLaw != nil { findings.append("B_noise ∝ C^\(exponentText(analysis.noiseLaw))") }
        if analysis.halves.count == 2 {
            findings.append("seed halves B_opt ∝ C^" + analysis.halves.map { exponentText($0.analysis.batchLaw) }.joined(separator: " and C^"))
        }
        print(summaryLine(p, done: "\(done) cells at \(config.flops.count) budgets", records: records, outDir: outDir, findings: findings))
    }

    /// Every cell that ran, budget by budget in grid order: its budget, step count, batch, LR, seed and loss (the
    /// power-law task: excess loss and B_noise); diverged runs as `nan`.
    static func sweepCSV(_ config: ScalingConfig, _ tables: [SweepTable]) -> String {
        let budgets = config.budgets, grid = config.grid
        var csv = config.checkpointed ? "flops,steps,batch,lr,seed,excess,b_noise\n" : "flops,steps,batch,lr,seed,loss\n"
        let text = { (v: Float?) in v.map { $0.isFinite ? formatNumber($0) : "nan" } ?? "nan" }
        for (b, table) in tables.enumerated() {
            for i in 0..<grid.count {
                let c = grid.cell(i)
                guard let l = table.losses[c.seed][c.batchIndex][c.lrIndex] else { continue }
                csv += "\(formatNumber(config.flops[b])),\(budgets[b].budget.steps(batch: c.batch)),\(c.batch),\(formatNumber(c.lr)),\(c.seed),\(text(l))"
                csv += config.checkpointed ? ",\(text(table.noiseScales[c.seed][c.batchIndex][c.lrIndex]))\n" : "\n"
            }
        }
        return csv
    }

    static func exponentText(_ law: PowerLaw?) -> String {
        guard let law else { return "?" }
        let i = law.interval.map { " [\(String(format: "%.3f", $0.lowerBound)), \(String(format: "%.3f", $0.upperBound))]" } ?? ""
        return String(format: "%.3f", law.exponent) + i
    }
}
