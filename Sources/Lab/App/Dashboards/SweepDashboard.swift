import Models

extension PaneID {
    /// Learning rate × batch size: the loss heatmap and the optimum per batch; at several compute budgets, η_opt(C) and B_opt(C).
    static let heatmap = PaneID("heatmap"), optimum = PaneID("optimum"), laws = PaneID("laws")
}

/// The LR × batch sweep's dashboard: what is being swept, the cells so far (one table per compute budget), and the fits.
struct SweepView: Dashboard {
    var preset: Preset
    var config: ScalingConfig
    var tables: [SweepTable]
    /// The budget the heatmap shows: the one cells last came from, until `c` pins one.
    var shown = 0
    var pinned = false
    /// Fits of the shown table (η*(B), slopes, theory curves).
    var analysis: SweepAnalysis
    /// Per-budget optima and the power laws in C; nil for a single-budget sweep.
    var compute: ComputeAnalysis?
    var noise: GradientNoise?

    init(preset: Preset) {
        self.preset = preset
        let c = ScalingConfig(preset: preset)
        config = c
        tables = c.budgets.map { _ in SweepTable(grid: c.grid) }
        analysis = SweepAnalysis(table: tables[0], smallBatchMax: c.smallBatchMax)
        if !c.flops.isEmpty { compute = ComputeAnalysis(tables: tables, flops: c.flops, near: c.nearOptimal, lrOptimum: c.lrOptimum) }
        total = c.cellCount
    }

    var table: SweepTable { tables[shown] }
    var done: Int { tables.reduce(0) { $0 + $1.done } }
    /// Cells that run (on the power-law task a batch runs only at the budgets with enough steps for it).
    private(set) var total = 0

    /// Files finished cells under their budget and refits; the shown budget follows the newest cells unless pinned.
    mutating func record(_ results: [SweepResult]) {
        let g = config.grid
        for r in results where r.cell.budget < tables.count && r.cell.seed < g.seeds && r.cell.batchIndex < g.batches.count && r.cell.lrIndex < g.lrs.count {
            tables[r.cell.budget].record(r)
            if !pinned { shown = r.cell.budget }
        }
        analysis = SweepAnalysis(table: table, smallBatchMax: config.smallBatchMax)
        if compute != nil { compute = ComputeAnalysis(tables: tables, flops: config.flops, near: config.nearOptimal, lrOptimum: config.lrOptimum) }
    }

    /// Shows the next budget and keeps it shown.
    mutating func showNextBudget() {
        shown = (shown + 1) % tables.count
        pinned = true
        analysis = SweepAnalysis(table: table, smallBatchMax: config.smallBatchMax)
    }

    /// ε values `e` cycles through: large ε turns Adam's sign-like update back into SGD.
    static let epsilons: [Double] = [1e-8, 1e-4, 1e-2, 1e-1]

    /// The same sweep with one preset key changed (validated like `--set`).
    func with(_ assignment: String) -> SweepView {
        var p = preset
        do { try p.set(assignment) } catch { return self }
        return SweepView(preset: p)
    }
}


// MARK: Dashboard

extension SweepView {
    var panes: [PaneID] { [.heatmap, compute == nil ? .optimum : .laws, .stats] }

    mutating func receive(_ message: Message, _ state: inout AppState) {
        switch message {
        case .sweepResults(let results) where !results.isEmpty: record(results)
        case .sweepNoise(let n): noise = n
        default: break
        }
    }

    func status(_ state: AppState) -> String? { "\(state.paused ? "PAUSED · " : "")cells \(done)/\(total)" }

    /// The heatmap and η*(B) (or the compute laws, wider) side by side (stacked when narrow), the numbers in a strip below as tall as their lines
    /// while the pictures keep 14 rows.
    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
        let numbers = state.statsRows
        let lines = TextPanel.wrapped(numbers, width: max(1, area.width - 2), height: Int.max)?.count ?? numbers.count
        let statsRows = max(4, min(lines + 2, area.height - 14))
        let rows = area.split(.vertical, [.fill(1), .fixed(statsRows)])
        // A compute sweep's laws are its result: they get the larger share beside the heatmap.
        let top = rows[0].split(area.width >= 80 ? .horizontal : .vertical, compute == nil ? [.fill(1), .fill(1)] : [.fill(2), .fill(3)])
        return [(.heatmap, top[0]), (compute == nil ? .optimum : .laws, top[1]), (.stats, rows[1])]
    }

    func statsRows(_ state: AppState) -> [TextPanel.Row] {
        if compute != nil { return ComputeStatsRows(view: self).rows() }
        return SweepStatsRows(optimizer: config.settings.optimizer, analysis: analysis, noise: noise, done: table.done,
                              total: table.grid.count).rows()
    }

    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        let focused = state.focus == pane
        switch pane {
        case .heatmap:
            let budget = compute == nil ? nil : "C " + NumberFormat.compact(config.flops[shown])
            var heat = SweepHeatmapPane(table: table, budget: budget, focused: focused, glyphs: state.glyphs)
            if config.checkpointed {
                heat.lossName = "excess loss"
                heat.keyName = "excess"
                heat.total = config.grid.batches.filter { config.runs(batch: $0, budget: shown) }.count * config.grid.lrs.count * config.grid.seeds
            }
            heat.render(into: &buffer, area: area)
        case .laws:
            guard let a = compute else { return true }
            ComputeLawsPane(analysis: a, flops: config.flops, complete: done == total, focused: focused, glyphs: state.glyphs)
                .render(into: &buffer, area: area)
        case .optimum:
            OptimumPane(analysis: analysis, batches: table.grid.batches, noise: noise, complete: table.isComplete,
                        focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
        case .stats:
            let inner = Block(title: "sweep", focused: focused, glyphs: state.glyphs, info: state.presetName).render(into: &buffer, area: area)
            TextPanel(rows: state.statsRows).render(into: &buffer, area: inner)
        default:
            return false
        }
        return true
    }

    /// Choose what is swept; each change restarts the sweep.
    func keys(_ state: AppState) -> [KeyAction] {
        var keys: [KeyAction] = config.checkpointed ? [] : [
            KeyAction("o", "optimizer: SGD → Adam → Muon (restarts the sweep)", hint: "optim") { s, _ in
                Self.restart(&s) { sw in
                    let kinds: [OptimizerKind] = sw.config.task.kind.hasHiddenMatrix ? [.sgd, .adam, .muon] : [.sgd, .adam]
                    let i = kinds.firstIndex(of: sw.config.settings.optimizer.kind) ?? 0
                    return sw.with("optimizer=\(kinds[(i + 1) % kinds.count].rawValue)")
                }
            },
            KeyAction("e", "Adam ε: 1e-8 → 1e-4 → 1e-2 → 1e-1 (restarts)", hint: "ε") { s, _ in
                Self.restart(&s) { sw in
                    let eps = Double(sw.config.settings.optimizer.eps)
                    let i = SweepView.epsilons.firstIndex { abs($0 - eps) <= 1e-3 * $0 } ?? -1
                    return sw.with("eps=\(SweepView.epsilons[(i + 1) % SweepView.epsilons.count])")
                }
            },
        ]
        if tables.count > 1 {
            keys.append(KeyAction("c", "heatmap: next compute budget (stays there)", hint: "budget") { s, _ in
                s.modify(SweepView.self) { sw, s in
                    sw.showNextBudget()
                    s.say("heatmap: C = \(NumberFormat.compact(sw.config.flops[sw.shown])) FLOPs")
                    return []
                }
            })
        }
        keys.append(KeyAction("r", "restart the sweep", hint: "restart") { s, _ in Self.restart(&s) { SweepView(preset: $0.preset) } })
        return keys + WorkKeys.pause(state)
    }

    /// Replaces the sweep with `next`'s settings and starts it over.
    private static func restart(_ state: inout AppState, _ next: (SweepView) -> SweepView) -> [Effect] {
        state.modify(SweepView.self) { sw, s in
            sw = next(sw)
            s.say("sweep: \(sw.config.settings.optimizer.kind.label), ε \(NumberFormat.compact(Double(sw.config.settings.optimizer.eps)))")
            return [.restartSweep(sw.config)]
        }
    }
}
