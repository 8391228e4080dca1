import ArgumentParser
import Foundation
import Models

extension RunCommand {
    /// The LR × batch sweep at several compute budgets: one table per budget, the optimum of each and the two power laws
    /// in fit.json; every cell in sweep.csv with its budget and step count.
    static func finishComputeSweep(_ p: Preset, _ config: ScalingConfig, results: [SweepResult], records: [ShardRecord], outDir: URL) throws {
        let budgets = config.budgets
        var tables = config.flops.map { _ in SweepTable(grid: config.grid) }
        for r in results { tables[r.cell.budget].record(r) }
        let analysis = ComputeAnalysis(tables: tables, flops: config.flops, near: config.nearOptimal)
        let head = summaryHead(p, records: records) { fields in
            fields.set("optimizer", config.settings.optimizer.kind.rawValue)
            fields.set("task", config.task.kind.rawValue)
            fields.set("flops_per_example", config.flopsPerExample)
            fields.set("flops_rule", "6 x weights per example (2 forward + 4 backward per multiply-add); steps = round(C / (flops_per_example x B))")
            fields.set("budgets", config.flops)
            fields.set("seeds", config.grid.seeds)
            fields.set("cells_done", tables.reduce(0) { $0 + $1.done })
            fields.set("cells_total", config.grid.count * config.flops.count)
            fields.set("cells_diverged", tables.reduce(0) { $0 + $1.diverged })
            fields.set("divergence_rule", DivergenceRule.text(factor: Double(config.settings.divergenceFactor), watching: "a batch or held-out loss"))
        }
        var csv = "flops,steps,batch,lr,seed,loss\n"
        for (b, table) in tables.enumerated() {
            for line in table.csv.split(separator: "\n").dropFirst() {
                let batch = Int(line.prefix { $0 != "," })!
                csv += "\(formatNumber(config.flops[b])),\(budgets[b].budget.steps(batch: batch)),\(line)\n"
            }
        }
        try write(csv, to: outDir.appendingPathComponent("sweep.csv"))
        try write(analysis.json(extra: head).text() + "\n", to: outDir.appendingPathComponent("fit.json"))
        print(summaryLine(p, done: "\(tables.reduce(0) { $0 + $1.done }) cells at \(config.flops.count) budgets", records: records, outDir: outDir, findings: [
            "η_opt ∝ C^\(exponentText(analysis.lrLaw)) (DeepSeek \(formatNumber(PowerLaw.deepSeekLR.exponent)))",
            "B_opt ∝ C^\(exponentText(analysis.batchLaw)) (DeepSeek \(formatNumber(PowerLaw.deepSeekBatch.exponent)))",
        ]))
    }

    static func exponentText(_ law: PowerLaw?) -> String {
        guard let law else { return "?" }
        let i = law.interval.map { " [\(String(format: "%.3f", $0.lowerBound)), \(String(format: "%.3f", $0.upperBound))]" } ?? ""
        return String(format: "%.3f", law.exponent) + i
    }
}
