import ArgumentParser
import Foundation
import Models

extension RunCommand {
    /// The LR × batch sweep at several compute budgets: one table per budget, the optimum of each and the two power laws
    /// in fit.json; every cell in sweep.csv with its budget and step count.
    func runComputeSweep(_ p: Preset, _ config: ScalingConfig, _ outDir: URL) throws {
        let task = ScalingTask(config.task)
        let start = Clock.now(), cpuStart = Clock.cpuSeconds()
        let budgets = config.budgets
        let runner = SweepRunner(grid: config.grid, task: task, budgets: budgets, threads: config.threads)
        var tables = config.flops.map { _ in SweepTable(grid: config.grid) }
        collect(runner) { tables[$0.cell.budget].record($0) }
        let elapsed = Clock.now() - start, cpu = Clock.cpuSeconds() - cpuStart
        let analysis = ComputeAnalysis(tables: tables, flops: config.flops, near: config.nearOptimal)
        var head = JSONObject()
        head.set("preset", p.name)
        head.set("experiment", p.kindName)
        head.set("optimizer", config.settings.optimizer.kind.rawValue)
        head.set("task", config.task.kind.rawValue)
        head.set("flops_per_example", config.flopsPerExample)
        head.set("flops_rule", "6 x weights per example (2 forward + 4 backward per multiply-add); steps = round(C / (flops_per_example x B))")
        head.set("budgets", config.flops)
        head.set("seeds", config.grid.seeds)
        head.set("cells_done", tables.reduce(0) { $0 + $1.done })
        head.set("cells_total", runner.pool.count)
        head.set("interrupted", Interrupt.requested)
        head.set("threads", runner.threads)
        head.set("seconds", elapsed)
        head.set("cpu_seconds", cpu)
        var csv = "flops,steps,batch,lr,seed,loss\n"
        for (b, table) in tables.enumerated() {
            for line in table.csv.split(separator: "\n").dropFirst() {
                let batch = Int(line.prefix { $0 != "," })!
                csv += "\(formatNumber(config.flops[b])),\(budgets[b].budget.steps(batch: batch)),\(line)\n"
            }
        }
        try write(csv, to: outDir.appendingPathComponent("sweep.csv"))
        try write(analysis.json(extra: head).text() + "\n", to: outDir.appendingPathComponent("fit.json"))
        print(ProgressLine.wrapFields([
            "\(p.name): \(runner.pool.count) cells at \(config.flops.count) budgets in \(String(format: "%.1f", elapsed)) s",
            "(\(String(format: "%.1f", cpu)) CPU-s)", "-> \(outDir.path)",
            "η_opt ∝ C^\(Self.exponentText(analysis.lrLaw)) (DeepSeek \(formatNumber(PowerLaw.deepSeekLR.exponent)))",
            "B_opt ∝ C^\(Self.exponentText(analysis.batchLaw)) (DeepSeek \(formatNumber(PowerLaw.deepSeekBatch.exponent)))",
        ], width: terminalColumns(STDOUT_FILENO)))
        if Interrupt.requested { throw Interrupt.exitCode }
    }

    static func exponentText(_ law: PowerLaw?) -> String {
        guard let law else { return "?" }
        let i = law.interval.map { " [\(String(format: "%.3f", $0.lowerBound)), \(String(format: "%.3f", $0.upperBound))]" } ?? ""
        return String(format: "%.3f", law.exponent) + i
    }
}
