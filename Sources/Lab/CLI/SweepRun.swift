import ArgumentParser
import Foundation
import Models

extension RunCommand {
    /// The learning-rate × batch-size sweep (and its compute-budget form): its cells on a thread pool into cells.csv
    /// (`ShardedRun`), then sweep.csv and fit.json from them; with `--shard K/N` only that shard's cells, merged later.
    func runSweep(_ p: Preset, _ outDir: URL) throws {
        let config = ScalingConfig(preset: p)
        let task = ScalingTask(config.task)
        let units = CellSweepUnits(config: config)
        let noiseExamples = config.noiseExamples
        var makeParts: (@Sendable () -> SweepParts)?
        if config.flops.isEmpty {
            makeParts = { @Sendable in SweepParts(noise: ScalingWorker(task: task).exactGradientNoise(examples: noiseExamples)) }
        }
        try runSweepUnits(p, units, outDir: outDir, unitName: "cells", makePool: { todo, _ in config.makePool(units, todo: todo) },
                          makeParts: makeParts) { results, parts, record in
            try Self.finishSweep(p, results: results, parts: parts, records: [record], outDir: outDir)
        }
    }

    /// sweep.csv and fit.json of an lr × batch (or compute) sweep from its cells, as a run and a merge write them.
    static func finishSweep(_ p: Preset, results: [SweepResult], parts: SweepParts?, records: [ShardRecord], outDir: URL) throws {
        let config = ScalingConfig(preset: p)
        if !config.flops.isEmpty { return try finishComputeSweep(p, config, results: results, records: records, outDir: outDir) }
        let task = ScalingTask(config.task)
        var table = SweepTable(grid: config.grid)
        for r in results { table.record(r) }
        let analysis = SweepAnalysis(table: table, smallBatchMax: config.smallBatchMax)
        var head = summaryHead(p, records: records) { fields in
            fields.set("optimizer", config.settings.optimizer.kind.rawValue)
            fields.set("eps", config.settings.optimizer.eps)
            fields.set("task", config.task.kind.rawValue)
            fields.set("seeds", config.grid.seeds)
            fields.set("cells_done", table.done)
            fields.set("cells_total", config.grid.count)
            fields.set("cells_diverged", table.diverged)
            fields.set("divergence_rule", DivergenceRule.text(factor: Double(config.settings.divergenceFactor), watching: "a batch or held-out loss"))
        }
        head.set("knee_compared_with", "b_simple: exact per-example statistics at the shared initialisation")
        if let ref = analysis.optima.last(where: { !$0.atEdge }), let li = config.grid.lrs.indices.min(by: {
            abs(log(Double(config.grid.lrs[$0]) / ref.lr)) < abs(log(Double(config.grid.lrs[$1]) / ref.lr))
        }), let bi = config.grid.batches.firstIndex(of: ref.batch) {
            // B_simple along the largest batch's best run: how far the noise scale moves while the loss falls.
            let cell = config.grid.cell(bi * config.grid.lrs.count + li)
            let path = ScalingWorker(task: task).trajectoryGradientNoise(cell, settings: config.settings, examples: config.noiseExamples)
            let mean = path.map { $0.noise.bSimple }.reduce(0, +) / Double(max(path.count, 1))
            var t = JSONObject()
            t.set("batch", ref.batch)
            t.set("lr", cell.lr)
            t.set("steps", raw: "[" + path.map { String($0.step) }.joined(separator: ", ") + "]")
            t.set("b_simple", raw: "[" + path.map { formatNumber($0.noise.bSimple) }.joined(separator: ", ") + "]")
            t.set("mean_b_simple", mean)
            if let k = analysis.knee { t.set("knee_over_mean_b_simple", k / mean) }
            head.set("b_simple_trajectory", object: t)
        }
        try write(table.csv, to: outDir.appendingPathComponent("sweep.csv"))
        try write(analysis.json(noise: parts?.noise, extra: head).text() + "\n", to: outDir.appendingPathComponent("fit.json"))
        let f = { (v: Double?) in NumberFormat.readout(v) }
        print(summaryLine(p, done: "\(table.done)/\(config.grid.count) cells", records: records, outDir: outDir, findings: [
            "slope \(f(analysis.smallBatchSlope))", "knee \(f(analysis.knee))", "B_simple \(f(parts?.noise?.bSimple))",
        ]))
    }
}
