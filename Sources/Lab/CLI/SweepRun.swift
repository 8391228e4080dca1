import ArgumentParser
import Foundation
import Models

extension RunCommand {
    /// The learning-rate × batch-size sweep: not a single trainStep loop, so it runs its own thread pool and writes sweep.csv and fit.json.
    func runSweep(_ p: Preset, _ outDir: URL) throws {
        let config = ScalingConfig(preset: p)
        if !config.flops.isEmpty { return try runComputeSweep(p, config, outDir) }
        let task = ScalingTask(config.task)
        let clock = Stopwatch()
        let noise = ScalingWorker(task: task).exactGradientNoise(examples: config.noiseExamples)
        let runner = SweepRunner(grid: config.grid, task: task, settings: config.settings, threads: config.threads)
        var table = SweepTable(grid: config.grid)
        collect(runner) { table.record($0) }
        let took = clock.read()
        let analysis = SweepAnalysis(table: table, smallBatchMax: config.smallBatchMax)
        var head = summaryHead(p, threads: runner.threads, took: took) { fields in
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
        try write(analysis.json(noise: noise, extra: head).text() + "\n", to: outDir.appendingPathComponent("fit.json"))
        let f = { (v: Double?) in NumberFormat.readout(v) }
        print(summaryLine(p, done: "\(table.done)/\(config.grid.count) cells", took: took, outDir: outDir, findings: [
            "slope \(f(analysis.smallBatchSlope))", "knee \(f(analysis.knee))", "B_simple \(f(noise.bSimple))",
        ]))
        if Interrupt.requested { throw Interrupt.exitCode }
    }

    /// Runs the pool to the end (or an interrupt), handing each result to `record`, with a progress line.
    func collect(_ runner: SweepRunner, record: (SweepResult) -> Void) {
        let total = runner.pool.count
        var done = 0
        var progress = ProgressLine(total: total, unit: "cells")
        runner.start()
        while done < total {
            if Interrupt.requested { runner.cancel() }
            for r in runner.drain() { record(r); done += 1 }
            progress.update(step: done, fields: [])
            if Interrupt.requested { break }
            if done < total { usleep(50_000) }
        }
        runner.wait()
        for r in runner.drain() { record(r) }
        progress.finish()
    }
}
