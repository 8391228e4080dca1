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
        HelpOverlay(title: "lab · keys", entries: Keymap.training.map { ($0.keys, $0.description) }, glyphs: state.glyphs)
            .render(into: &buffer, area: main)
    }
}

/// Where each pane goes: two columns when wide enough (curves and numbers left, the 2D picture right), else stacked.
func dashboardLayout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
    let statsRows = 9
    if area.width >= 80 {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(1), .fixed(statsRows)])
        return [(.loss, left[0]), (.stats, left[1]), (.samples, cols[1])]
    }
    let rows = area.split(.vertical, [.fill(1), .fill(1), .fixed(min(statsRows, max(4, area.height / 4)))])
    return [(.loss, rows[0]), (.samples, rows[1]), (.stats, rows[2])]
}

func renderPane(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) {
    switch pane {
    case .loss: LossPane(state: state).render(into: &buffer, area: area)
    case .samples: SamplesPane(state: state).render(into: &buffer, area: area)
    case .stats: StatsPane(state: state).render(into: &buffer, area: area)
    }
}

/// Key hints on the left; a notice, or the step and speed, on the right.
func statusBar(_ state: AppState) -> StatusBar {
    let hints = Keymap.training.compactMap { b in b.hint.map { StatusBar.Hint(b.keys, $0) } }
    let right: String
    if let n = state.notice {
        right = n.text
    } else {
        let pause = state.paused ? "PAUSED · " : ""
        right = "\(pause)step \(state.step) · \(NumberFormat.compact(state.stepsPerSecond.rounded())) steps/s"
    }
    return StatusBar(hints: hints, right: right)
}
