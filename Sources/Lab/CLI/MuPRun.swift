import ArgumentParser
import Foundation
import Models

extension RunCommand {
    /// The muP width sweep: its cells on every core, the coordinate check beside them; writes sweep.csv and fit.json.
    func runMuP(_ p: Preset, _ outDir: URL) throws {
        let config = MuPConfig(preset: p)
        let data = config.data
        let clock = Stopwatch()
        let pool = MuPWorker.pool(config, data: data)
        let coords = BackgroundValue { CoordCheck.run(config, data: data) }
        var table = MuPTable(grid: MuPGrid(config))
        var progress = ProgressLine(total: table.grid.rowCount, unit: "curves")
        pool.start()
        while !table.isComplete {
            if Interrupt.requested { pool.cancel() }
            for r in pool.drain() { table.record(r) }
            progress.update(step: table.rowsDone, fields: [("cells", "\(table.done)")])
            if Interrupt.requested { break }
            if !table.isComplete { usleep(50_000) }
        }
        pool.wait()
        for r in pool.drain() { table.record(r) }
        let check = coords.wait()
        progress.finish()
        let took = clock.read()
        let analysis = MuPAnalysis(table: table)
        let head = summaryHead(p, threads: pool.threads, took: took) { fields in
            fields.set("base_width", config.baseWidth)
            fields.set("steps", config.steps)
            fields.set("batch", config.batch)
            fields.set("seeds", config.seeds)
            fields.set("cells_done", table.done)
            fields.set("cells_in_grid", table.grid.count)
            fields.set("curves_done", table.rowsDone)
            fields.set("pruned", config.prune)
            fields.set("cells_diverged", table.diverged)
            fields.set("divergence_rule", DivergenceRule.text(watching: "the full-data loss"))
        }
        var fit = analysis.json(extra: head)
        var growth: [String] = []
        if let check {
            var c = check.json
            c.set("lr", config.coordLR)
            c.set("seeds", config.coordSeeds)
            let w0 = config.widths.min() ?? 0, w1 = config.widths.max() ?? 0
            for par in MuPGrid.parametrizations {
                if let g = check.growth(par, layer: "h2", t: min(1, check.steps - 1), from: w0, to: w1) {
                    c.set("\(par.rawValue)_h2_growth_after_one_step_\(w0)_to_\(w1)", g)
                    growth.append("\(par.label) h2 ×\(NumberFormat.readout(g))")
                }
            }
            fit.set("coord_check", object: c)
        }
        try write(table.csv, to: outDir.appendingPathComponent("sweep.csv"))
        try write(fit.text() + "\n", to: outDir.appendingPathComponent("fit.json"))
        let spread = MuPGrid.parametrizations.map { par in
            "\(par.label) spread ×\(analysis.spreadSteps(par).map { String(1 << $0) } ?? "–")"
        }
        print(summaryLine(p, done: "\(table.done) cells (\(table.rowsDone)/\(table.grid.rowCount) curves)", took: took, outDir: outDir,
                          findings: spread + growth))
        if Interrupt.requested { throw Interrupt.exitCode }
    }
}
