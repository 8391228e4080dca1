import Models

/// Smallest screen the dashboard lays out; below it one centred message says what is needed.
let minimumSize = (width: 48, height: 14)

/// Renders the whole screen from state: pure, so every frame can be snapshot-tested without a terminal.
func view(_ state: AppState, width: Int, height: Int) -> Buffer {
    var buffer = Buffer(width: width, height: height)
    render(state, into: &buffer)
    return buffer
}

/// Renders into an existing buffer (reused across frames by the loop).
func render(_ state: AppState, into buffer: inout Buffer) {
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
    if state.flow != nil { return flowLayout(area) }
    if state.vq != nil { return vqLayout(state, area) }
    if state.oneStep {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(1), .fill(1), .fixed(9)])
        return [(.loss, left[0]), (.stepsQuality, left[1]), (.stats, left[2]), (.grid, cols[1])]
    }
    if state.sweep != nil {
        let rows = area.split(.vertical, [.fill(1), .fixed(9)])
        let top = rows[0].split(area.width >= 80 ? .horizontal : .vertical, [.fill(1), .fill(1)])
        return [(.heatmap, top[0]), (.optimum, top[1]), (.stats, rows[1])]
    }
    let statsRows = 9
    if area.width >= 80 {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(3), .fill(2), .fixed(statsRows)])
        return [(.loss, left[0]), (.quality, left[1]), (.stats, left[2]), (.samples, cols[1])]
    }
    let rows = area.split(.vertical, [.fill(2), .fill(1), .fill(2), .fixed(min(statsRows, max(4, area.height / 4)))])
    return [(.loss, rows[0]), (.quality, rows[1]), (.samples, rows[2]), (.stats, rows[3])]
}

/// MoE: curves and numbers left (loss, MaxVio, stats); the expert-coloured samples and the load histogram right.
func moeLayout(_ area: Rect) -> [(PaneID, Rect)] {
    if area.width >= 80 {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(1), .fill(1), .fixed(8)])
        let right = cols[1].split(.vertical, [.fill(2), .fill(1)])
        return [(.loss, left[0]), (.maxVio, left[1]), (.stats, left[2]), (.samples, right[0]), (.load, right[1])]
    }
    let rows = area.split(.vertical, [.fill(1), .fill(1), .fill(1), .fixed(7)])
    let mid = rows[1].split(.horizontal, [.percent(50), .fill(1)])
    return [(.loss, rows[0]), (.samples, mid[0]), (.load, mid[1]), (.maxVio, rows[2]), (.stats, rows[3])]
}

/// Physics: the scene takes most of the screen; numbers (and Kepler's drift chart) beside or below it.
func physicsLayout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
    let side = state.panes.filter { $0 != .scene }
    if area.width >= 100 {
        let cols = area.split(.horizontal, [.fill(3), .fill(2)])
        let rows = cols[1].split(.vertical, side.map { $0 == .readouts ? .fixed(10) : .fill(1) })
        return [(.scene, cols[0])] + Array(zip(side, rows))
    }
    let rows = area.split(.vertical, [.fill(2)] + side.map { $0 == .readouts ? .fixed(10) : .fill(1) })
    return [(.scene, rows[0])] + Array(zip(side, rows.dropFirst()))
}

func renderPane(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) {
    if renderFlowVQPane(pane, state, into: &buffer, area: area) { return }
    let focused = state.focus == pane
    switch (pane, state.demo) {
    case (.loss, _): LossPane(state: state).render(into: &buffer, area: area)
    case (.samples, _): SamplesPane(state: state).render(into: &buffer, area: area)
    case (.stats, _) where state.sweep != nil:
        let sw = state.sweep!
        let inner = Block(title: "sweep", focused: focused, glyphs: state.glyphs, info: state.presetName).render(into: &buffer, area: area)
        TextPanel(rows: SweepStatsRows(optimizer: sw.config.settings.optimizer, analysis: sw.analysis, noise: sw.noise,
                                       done: sw.table.done, total: sw.table.grid.count).rows()).render(into: &buffer, area: inner)
    case (.quality, _): QualityPane(state: state).render(into: &buffer, area: area)
    case (.stepsQuality, _):
        StepsQualityPane(curves: state.comparedCurves, measure: QualityPane.baseName(state.training.info?.headline ?? "kl"),
                         focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
    case (.grid, _):
        OneStepGridPane(sets: state.comparedSamples, data: state.snapshot?.data ?? [], selected: state.snapshot?.pointSets.first?.name,
                        focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
    case (.heatmap, _):
        if let sw = state.sweep { SweepHeatmapPane(table: sw.table, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area) }
    case (.optimum, _):
        if let sw = state.sweep {
            OptimumPane(analysis: sw.analysis, batches: sw.table.grid.batches, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
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
    case (.readouts, let demo?):
        let rows: [TextPanel.Row]
        switch demo {
        case .pursuit(let p): rows = pursuitReadouts(p)
        case .kepler(let k): rows = keplerReadouts(k)
        }
        let inner = Block(title: "readouts", focused: focused, glyphs: state.glyphs, info: state.paused ? "paused" : "playing")
            .render(into: &buffer, area: area)
        TextPanel(rows: rows).render(into: &buffer, area: inner)
    default:
        break
    }
}

/// Key hints on the left; a notice, or the step and speed, on the right.
func statusBar(_ state: AppState) -> StatusBar {
    let hints = state.bindings.compactMap { b in b.hint.map { StatusBar.Hint(b.keys, $0) } }
    let right: String
    if let n = state.notice {
        right = n.text
    } else if let sw = state.sweep {
        right = "cells \(sw.table.done)/\(sw.table.grid.count)"
    } else if let demo = state.demo {
        right = "\(state.paused ? "PAUSED · " : "")frame \(demo.frameIndex) · t \(NumberFormat.compact(demo.time))"
    } else {
        let pause = state.paused ? "PAUSED · " : ""
        right = "\(pause)step \(state.step) · \(NumberFormat.compact(state.stepsPerSecond.rounded())) steps/s"
    }
    return StatusBar(hints: hints, right: right)
}
