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
    if let picker = state.picker {
        picker.render(into: &buffer, area: main, glyphs: state.glyphs)
    } else if state.showHelp {
        HelpOverlay(title: "lab · keys", entries: state.keyTable.filter { !$0.help.isEmpty }.map { ($0.keys, $0.help) }, glyphs: state.glyphs)
            .render(into: &buffer, area: main)
    }
}

/// Where each pane goes: the dashboard's own layout.
func dashboardLayout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] { state.dashboard.layout(state, area) }

/// A pane drawn by the dashboard, or one of the panes every training dashboard shares.
func renderPane(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) {
    if state.dashboard.render(pane, state, into: &buffer, area: area) { return }
    switch pane {
    case .loss: LossPane(state: state).render(into: &buffer, area: area)
    case .samples: SamplesPane(state: state).render(into: &buffer, area: area)
    case .quality: QualityPane(state: state).render(into: &buffer, area: area)
    case .stats: StatsPane(state: state).render(into: &buffer, area: area)
    default: break
    }
}

/// Key hints on the left ("?" help and "q" quit pinned, so they always show); a notice, or the step and speed, on the
/// right: training keeps its step counter in view while an evaluation runs (the stats pane's `busy` row says which).
func statusBar(_ state: AppState) -> StatusBar {
    let hints = state.keyTable.compactMap { b in b.hint.map { StatusBar.Hint(b.keys, $0, pinned: b.keys == "?" || b.keys == "q") } }
    let right: String
    if let n = state.notice {
        right = n.text
    } else if let own = state.dashboard.status(state) {
        right = own
    } else {
        let pause = state.paused ? "PAUSED · " : ""
        right = "\(pause)step \(state.step) · \(NumberFormat.compact(state.stepsPerSecond.rounded())) steps/s"
    }
    return StatusBar(hints: hints, right: right)
}
