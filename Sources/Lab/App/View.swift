import Models

/// Smallest screen the dashboard lays out; below it one centred message says what is needed.
let minimumSize = (width: 48, height: 14)

/// Renders the whole screen from state: pure, so every frame can be snapshot-tested without a terminal; `monochrome` is
/// NO_COLOR (series then differ by dash pattern and glyph).
func view(_ state: AppState, width: Int, height: Int, monochrome: Bool = false) -> Buffer {
    var buffer = Buffer(width: width, height: height, monochrome: monochrome)
    render(state, into: &buffer)
    return buffer
}

/// Renders into an existing buffer (reused across frames by the loop; its `monochrome` flag is the terminal's).
func render(_ state: AppState, into buffer: inout Buffer) {
    buffer.asciiText = !state.glyphs.isUnicode
    let area = buffer.area
    guard area.width >= minimumSize.width, area.height >= minimumSize.height else {
        TooSmall(needWidth: minimumSize.width, needHeight: minimumSize.height, glyphs: state.glyphs)
            .render(into: &buffer, area: area)
        return
    }
    let (main, status) = area.splitBottom(1)
    if state.zoomed {
        renderPane(state.focus, state, into: &buffer, area: main)
    } else {
        for (pane, rect) in dashboardLayout(state, main) {
            renderPane(pane, state, into: &buffer, area: rect)
        }
    }
    statusBar(state).render(into: &buffer, area: status)
    if state.showHelp {
        HelpOverlay(title: "lab · keys", entries: state.bindings.map { ($0.keys, $0.description) }, glyphs: state.glyphs)
            .render(into: &buffer, area: main)
    }
}

/// Where each pane goes: two columns when wide enough (curves and numbers left, the 2D picture right), else stacked.
func dashboardLayout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
    if state.demo != nil { return physicsLayout(state, area) }
    if state.moe != nil { return moeLayout(area) }
    if let d = state.diffusion { return d.layout(area) }
    if state.flow != nil { return flowLayout(area) }
    if state.vq != nil { return vqLayout(state, area) }
    if state.oneStep {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(1), .fill(1), .fixed(9)])
        return [(.loss, left[0]), (.stepsQuality, left[1]), (.stats, left[2]), (.grid, cols[1])]
    }
    if state.sweep != nil { return sweepLayout(state, area) }
    if state.mup != nil { return mupLayout(area) }
    if let d = state.practice { return practiceLayout(d, area) }
    if state.checkpoint != nil {
        let rows = area.split(.vertical, [.fill(1), .fixed(min(9, max(5, area.height / 3)))])
        let top = rows[0].split(area.width >= 80 ? .horizontal : .vertical, [.fill(1), .fill(1)])
        return [(.memory, top[0]), (.compute, top[1]), (.stats, rows[1])]
    }
    let statsRows = 9
    if area.width >= 80 {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(3), .fill(2), .fixed(statsRows)])
        return [(.loss, left[0]), (.quality, left[1]), (.stats, left[2]), (.samples, cols[1])]
    }
    if area.height >= 30 {
        let rows = area.split(.vertical, [.fill(2), .fill(1), .fill(2), .fixed(statsRows)])
        return [(.loss, rows[0]), (.quality, rows[1]), (.samples, rows[2]), (.stats, rows[3])]
    }
    // Narrow and short: the curves stacked beside the picture, the numbers below.
    let rows = area.split(.vertical, [.fill(1), .fixed(min(statsRows, max(5, area.height / 3)))])
    let cols = rows[0].split(.horizontal, [.percent(50), .fill(1)])
    let left = cols[0].split(.vertical, [.fill(1), .fill(1)])
    return [(.loss, left[0]), (.quality, left[1]), (.samples, cols[1]), (.stats, rows[1])]
}

/// MoE: curves and numbers left (loss, MaxVio, stats); the expert-coloured samples and the load histogram right.
func moeLayout(_ area: Rect) -> [(PaneID, Rect)] {
    if area.width >= 80 && area.height >= 22 {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(1), .fill(1), .fixed(9)])
        let right = cols[1].split(.vertical, [.fill(2), .fill(1)])
        return [(.loss, left[0]), (.maxVio, left[1]), (.stats, left[2]), (.samples, right[0]), (.load, right[1])]
    }
    if area.height >= 30 {
        let rows = area.split(.vertical, [.fill(1), .fill(1), .fill(1), .fixed(9)])
        let mid = rows[1].split(.horizontal, [.percent(50), .fill(1)])
        return [(.loss, rows[0]), (.samples, mid[0]), (.load, mid[1]), (.maxVio, rows[2]), (.stats, rows[3])]
    }
    // Small: what the experiment is about — MaxVio over time and the load per expert — and the numbers; the loss
    // and the picture stay one Tab + z away.
    let rows = area.split(.vertical, [.fill(1), .fixed(min(9, max(5, area.height / 3)))])
    let top = rows[0].split(.horizontal, [.percent(50), .fill(1)])
    return [(.maxVio, top[0]), (.load, top[1]), (.stats, rows[1])]
}

/// Sweep: heatmap and η*(B) side by side (stacked when narrow), the numbers in a strip below as tall as their lines
/// while the pictures keep 14 rows.
func sweepLayout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
    let lines = sweepStatsRows(state).map { TextPanel.wrapped($0, width: max(1, area.width - 2), height: Int.max)?.count ?? $0.count } ?? 0
    let statsRows = max(4, min(lines + 2, area.height - 14))
    let rows = area.split(.vertical, [.fill(1), .fixed(statsRows)])
    let top = rows[0].split(area.width >= 80 ? .horizontal : .vertical, [.fill(1), .fill(1)])
    return [(.heatmap, top[0]), (state.sweep?.compute == nil ? .optimum : .laws, top[1]), (.stats, rows[1])]
}

/// The sweep's stats rows, nil for other dashboards.
func sweepStatsRows(_ state: AppState) -> [TextPanel.Row]? {
    state.sweep.map { sw in
        if sw.compute != nil { return ComputeStatsRows(view: sw).rows() }
        return SweepStatsRows(optimizer: sw.config.settings.optimizer, analysis: sw.analysis, noise: sw.noise,
                              done: sw.table.done, total: sw.table.grid.count).rows()
    }
}

/// Physics: the scene left (the orbit or chase needs width and height both), the readouts right at the height their wrapped
/// lines need, Kepler's drift chart under them while it gets at least `driftMin` rows (else it is reached with tab and z).
func physicsLayout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
    let hasDrift = state.panes.contains(.drift)
    let cols = area.split(.horizontal, area.width >= 100 ? [.fill(3), .fill(2)] : [.percent(55), .fill(1)])
    let side = cols[1]
    let lines = physicsReadoutRows(state).map { TextPanel.wrapped($0, width: max(1, side.width - 2), height: Int.max)?.count ?? $0.count } ?? 0
    let driftMin = 7
    var readoutH = min(side.height, lines + 2)
    guard hasDrift, side.height - readoutH >= driftMin || side.height >= 2 * driftMin else {
        return [(.scene, cols[0]), (.readouts, side)]
    }
    readoutH = min(readoutH, side.height - driftMin)
    let right = side.split(.vertical, [.fixed(readoutH), .fill(1)])
    return [(.scene, cols[0]), (.readouts, right[0]), (.drift, right[1])]
}

/// The physics demo's readout rows, nil for other dashboards.
func physicsReadoutRows(_ state: AppState) -> [TextPanel.Row]? {
    switch state.demo {
    case .pursuit(let p)?: pursuitReadouts(p)
    case .kepler(let k)?: keplerReadouts(k)
    case .curvature(let c)?: curvatureReadouts(c)
    case nil: nil
    }
}

func renderPane(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) {
    if renderFlowVQPane(pane, state, into: &buffer, area: area) { return }
    let focused = state.focus == pane
    if state.practice != nil, [.fullLoss, .regions, .gradError, .embeddings, .stats].contains(pane) {
        return renderPracticePane(pane, state, into: &buffer, area: area)
    }
    if renderDiffusionPane(pane, state, into: &buffer, area: area) { return }
    switch (pane, state.demo) {
    case (.loss, _): LossPane(state: state).render(into: &buffer, area: area)
    case (.samples, _): SamplesPane(state: state).render(into: &buffer, area: area)
    case (.memory, _), (.compute, _):
        if let c = state.checkpoint {
            CheckpointChartPane(view: c, memory: pane == .memory, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
        }
    case (.stats, _) where state.checkpoint != nil:
        let inner = Block(title: "gradient checkpointing", focused: focused, glyphs: state.glyphs, info: state.presetName).render(into: &buffer, area: area)
        TextPanel(rows: checkpointRows(state.checkpoint!)).render(into: &buffer, area: inner)
    case (.stats, _) where state.sweep != nil:
        let inner = Block(title: "sweep", focused: focused, glyphs: state.glyphs, info: state.presetName).render(into: &buffer, area: area)
        TextPanel(rows: sweepStatsRows(state) ?? []).render(into: &buffer, area: inner)
    case (.stats, _) where state.mup != nil:
        let inner = Block(title: "muP vs SP", focused: focused, glyphs: state.glyphs, info: state.presetName).render(into: &buffer, area: area)
        TextPanel(rows: state.mup.map { MuPStatsRows(view: $0).rows() } ?? []).render(into: &buffer, area: inner)
    case (.spCurves, _), (.mupCurves, _):
        if let m = state.mup {
            WidthCurvesPane(view: m, parametrization: pane == .spCurves ? .sp : .mup, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
        }
    case (.coords, _):
        if let m = state.mup { CoordCheckPane(view: m, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area) }
    case (.quality, _): QualityPane(state: state).render(into: &buffer, area: area)
    case (.stepsQuality, _):
        let measure = QualityPane.baseName(state.training.info?.headline ?? "kl")
        StepsQualityPane(curves: state.comparedCurves, measure: measure, floor: state.training.info?.floors[measure],
                         focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
    case (.grid, _):
        OneStepGridPane(sets: state.comparedSamples, data: state.snapshot?.data ?? [], quality: state.oneStepQuality,
                        measure: QualityPane.baseName(state.training.info?.headline ?? "kl"), selected: state.snapshot?.pointSets.first?.name,
                        focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
    case (.heatmap, _):
        if let sw = state.sweep {
            let budget = sw.compute == nil ? nil : "C " + NumberFormat.compact(sw.config.flops[sw.shown])
            SweepHeatmapPane(table: sw.table, budget: budget, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
        }
    case (.laws, _):
        if let sw = state.sweep, let a = sw.compute {
            ComputeLawsPane(analysis: a, flops: sw.config.flops, complete: sw.done == sw.total, focused: focused, glyphs: state.glyphs)
                .render(into: &buffer, area: area)
        }
    case (.optimum, _):
        if let sw = state.sweep {
            OptimumPane(analysis: sw.analysis, batches: sw.table.grid.batches, noise: sw.noise, complete: sw.table.isComplete,
                        focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
        }
    case (.stats, _): StatsPane(state: state).render(into: &buffer, area: area)
    case (.load, _):
        ExpertLoadPane(loads: state.snapshot?.histogram ?? [], reference: state.snapshot?.histogramReference,
                       focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
    case (.maxVio, _):
        if let moe = state.moe {
            MaxVioPane(batch: moe.batchMaxVio, global: moe.globalMaxVio, markers: trainingMarkers(state), focused: focused, glyphs: state.glyphs)
                .render(into: &buffer, area: area)
        }
    case (.scene, .pursuit(let p)?): PursuitScenePane(player: p, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
    case (.scene, .kepler(let k)?): KeplerScenePane(player: k, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
    case (.drift, .kepler(let k)?): KeplerDriftPane(player: k, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
    case (.scene, .curvature(let c)?): CurvatureScenePane(player: c, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
    case (.drift, .curvature(let c)?): CurvatureChartPane(player: c, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
    case (.readouts, _?):
        let rows = physicsReadoutRows(state) ?? []
        let inner = Block(title: "readouts", focused: focused, glyphs: state.glyphs, info: state.paused ? "paused" : "playing")
            .render(into: &buffer, area: area)
        TextPanel(rows: rows).render(into: &buffer, area: inner)
    default:
        break
    }
}

/// Key hints on the left ("?" help and "q" quit pinned, so they always show); a notice, or the step and speed, on the right.
func statusBar(_ state: AppState) -> StatusBar {
    let hints = state.bindings.compactMap { b in b.hint.map { StatusBar.Hint(b.keys, $0, pinned: b.keys == "?" || b.keys == "q") } }
    let right: String
    if let n = state.notice {
        right = n.text
    } else if let busy = state.training.busy {
        right = busy
    } else if let sw = state.sweep {
        right = "cells \(sw.done)/\(sw.total)"
    } else if let m = state.mup {
        right = "curves \(m.table.rowsDone)/\(m.table.grid.rowCount) · cells \(m.table.done)"
    } else if let c = state.checkpoint {
        right = "measured \(c.study.depths.count) depths × \(CheckpointScheme.allCases.count) schemes"
    } else if let demo = state.demo {
        right = "\(state.paused ? "PAUSED · " : "")frame \(demo.frameIndex) · t \(NumberFormat.readout(demo.time))"
    } else {
        let pause = state.paused ? "PAUSED · " : ""
        right = "\(pause)step \(state.step) · \(NumberFormat.compact(state.stepsPerSecond.rounded())) steps/s"
    }
    return StatusBar(hints: hints, right: right)
}
