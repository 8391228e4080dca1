import ArgumentParser
import Foundation
import Models

extension RunCommand {
    /// The muP width sweep: its curves on every core into cells.csv (`ShardedRun`), the coordinate check beside them
    /// (shard 1), then sweep.csv and fit.json; with `--shard K/N` only that shard's curves, merged later.
    func runMuP(_ p: Preset, _ outDir: URL) throws {
        let config = MuPConfig(preset: p)
        let data = config.data
        let units = MuPSweepUnits(config)
        try runSweepUnits(p, units, outDir: outDir, unitName: "curves",
                          makePool: { todo, done in MuPWorker.pool(config, data: data, units: todo, anchors: units.anchors(done)) },
                          makeParts: { SweepParts(coordCheck: CoordCheck.run(config, data: data)) }) { results, parts, record in
            try Self.finishMuP(p, results: results, parts: parts, records: [record], outDir: outDir)
        }
    }

    /// sweep.csv and fit.json of the muP sweep from its cells and coordinate check, as a run and a merge write them.
    static func finishMuP(_ p: Preset, results: [MuPResult], parts: SweepParts?, records: [ShardRecord], outDir: URL) throws {
        let config = MuPConfig(preset: p)
        var table = MuPTable(grid: MuPGrid(config))
        for r in results { table.record(r) }
        let analysis = MuPAnalysis(table: table)
        let head = summaryHead(p, records: records) { fields in
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
        if let check = parts?.coordCheck {
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
        print(summaryLine(p, done: "\(table.done) cells (\(table.rowsDone)/\(table.grid.rowCount) curves)", records: records, outDir: outDir,
                          findings: spread + growth))
    }
}
