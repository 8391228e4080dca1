import Models

/// The physics demos on screen: the scene left (the orbit or chase needs width and height both), the readouts right at
/// the height their wrapped lines need, a chart under them (Kepler's drift, the curve's κ) while it gets 7 rows.
extension PhysicsDemo {
    var panes: [PaneID] {
        if case .pursuit = self { return [.scene, .readouts] }
        return [.scene, .readouts, .drift]
    }

    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
        let hasDrift = panes.contains(.drift)
        let cols = area.split(.horizontal, area.width >= 100 ? [.fill(3), .fill(2)] : [.percent(55), .fill(1)])
        let side = cols[1]
        let rows = readouts + state.claims.rows(state)
        let lines = TextPanel.wrapped(rows, width: max(1, side.width - 2), height: Int.max)?.count ?? rows.count
        let driftMin = 7
        var readoutH = min(side.height, lines + 2)
        guard hasDrift, side.height - readoutH >= driftMin || side.height >= 2 * driftMin else {
            return [(.scene, cols[0]), (.readouts, side)]
        }
        readoutH = min(readoutH, side.height - driftMin)
        let right = side.split(.vertical, [.fixed(readoutH), .fill(1)])
        return [(.scene, cols[0]), (.readouts, right[0]), (.drift, right[1])]
    }

    /// The demo's readout rows.
    var readouts: [TextPanel.Row] {
        switch self {
        case .pursuit(let p): pursuitReadouts(p)
        case .kepler(let k): keplerReadouts(k)
        case .curvature(let c): curvatureReadouts(c)
        }
    }

    func statsRows(_ state: AppState) -> [TextPanel.Row] { readouts }

    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        let focused = state.focus == pane
        switch (pane, self) {
        case (.scene, .pursuit(let p)): ScenePane.pursuit(p, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
        case (.scene, .kepler(let k)): ScenePane.kepler(k, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
        case (.drift, .kepler(let k)): KeplerDriftPane(player: k, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
        case (.scene, .curvature(let c)): ScenePane.curvature(c, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
        case (.drift, .curvature(let c)): CurvatureChartPane(player: c, glyphs: state.glyphs, focused: focused).render(into: &buffer, area: area)
        case (.readouts, _):
            let inner = Block(title: "readouts", focused: focused, glyphs: state.glyphs, info: state.paused ? "paused" : "playing")
                .render(into: &buffer, area: area)
            TextPanel(rows: readouts + state.claims.rows(state)).render(into: &buffer, area: inner)
        default:
            break
        }
        return true
    }

    func status(_ state: AppState) -> String? {
        "\(state.paused ? "PAUSED · " : "")frame \(frameIndex) · t \(NumberFormat.readout(time))"
    }

    func position(_ state: AppState) -> (label: String, value: Int) { ("frame", frameIndex) }

    /// Frames advance in the UI loop (no trainer thread); playback stops at the last frame.
    mutating func receive(_ message: Message, _ state: inout AppState) {
        guard case .tick = message, !state.paused else { return }
        tick()
        if atEnd { state.paused = true }
    }
}
