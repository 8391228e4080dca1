import Models

extension PaneID {
    /// muP: loss vs LR per width under SP and under muP, and the coordinate check.
    static let spCurves = PaneID("spCurves"), mupCurves = PaneID("mupCurves"), coords = PaneID("coords")
}

/// The muP dashboard: the sweep's settings, its cells so far and their fits, the coordinate check, and which step and
/// layer of the check are drawn.
struct MuPView: Dashboard {
    var preset: Preset
    var config: MuPConfig
    var table: MuPTable
    var analysis: MuPAnalysis
    var coords: CoordCheck?
    /// The coordinate check's step drawn (0: at init, 1: after one step) and its layer.
    var coordStep = 1
    var coordLayer = "h2"

    init(preset: Preset) {
        self.preset = preset
        config = MuPConfig(preset: preset)
        table = MuPTable(grid: MuPGrid(config))
        analysis = MuPAnalysis(table: table, bracketed: true)
    }

    /// The same sweep with one preset key changed (validated like `--set`).
    func with(_ assignment: String) -> MuPView {
        var p = preset
        do { try p.set(assignment) } catch { return self }
        var v = MuPView(preset: p)
        v.coordStep = coordStep
        v.coordLayer = coordLayer
        return v
    }

    mutating func record(_ results: [MuPResult]) {
        for r in results { table.record(r) }
        analysis = MuPAnalysis(table: table, bracketed: true)
    }

    var layers: [String] { (1...config.hiddenLayers).map { "h\($0)" } + ["out"] }
}

extension MuPView {
    var panes: [PaneID] { [.spCurves, .mupCurves, .coords, .stats] }

    mutating func receive(_ message: Message, _ state: inout AppState) {
        switch message {
        case .mupResults(let results): record(results)
        case .mupCoords(let check): coords = check
        default: break
        }
    }

    func status(_ state: AppState) -> String? {
        "\(state.paused ? "PAUSED · " : "")curves \(table.rowsDone)/\(table.grid.rowCount) · cells \(table.done)"
    }

    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] { mupLayout(area) }

    func statsRows(_ state: AppState) -> [TextPanel.Row] { MuPStatsRows(view: self).rows() }

    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        let focused = state.focus == pane
        switch pane {
        case .spCurves, .mupCurves:
            WidthCurvesPane(view: self, parametrization: pane == .spCurves ? .sp : .mup, focused: focused, glyphs: state.glyphs)
                .render(into: &buffer, area: area)
        case .coords: CoordCheckPane(view: self, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
        case .stats: let inner = Block(title: "muP vs SP", focused: focused, glyphs: state.glyphs, info: state.presetName).render(into: &buffer, area: area)
            TextPanel(rows: state.statsRows).render(into: &buffer, area: inner)
        default: return false
        }
        return true
    }

    /// What the coordinate check shows, and the readout's init (which restarts the sweep).
    func keys(_ state: AppState) -> [KeyAction] {
        [
            KeyAction("l", "coordinate check: next layer (h1 → h2 → out)", hint: "layer") { s, _ in
                s.modify(MuPView.self) { v, _ in
                    let all = v.layers
                    v.coordLayer = all[((all.firstIndex(of: v.coordLayer) ?? -1) + 1) % all.count]
                    return []
                }
            },
            KeyAction("t", "coordinate check: after 0 → 1 → 2 steps", hint: "step") { s, _ in
                s.modify(MuPView.self) { v, _ in
                    v.coordStep = (v.coordStep + 1) % max(1, v.config.coordSteps)
                    return []
                }
            },
            KeyAction("i", "muP readout init: ×√width_mult ↔ zero (restarts the sweep)", hint: "readout") { s, _ in
                s.modify(MuPView.self) { v, s in
                    v = v.with("readout_zero_init=\(!v.config.readoutZeroInit)")
                    s.say("muP readout: \(v.config.readoutZeroInit ? "zero init" : "init × √width_mult") — sweep restarted")
                    return [.restartMuP(v.config)]
                }
            },
            KeyAction("r", "restart the sweep", hint: "restart") { s, _ in
                s.modify(MuPView.self) { v, s in
                    v = v.with("seed=\(v.config.seed)")
                    s.say("sweep restarted")
                    return [.restartMuP(v.config)]
                }
            },
        ] + WorkKeys.pause(state)
    }
}

/// Two loss-vs-LR charts side by side (SP, muP), the coordinate check and the numbers below; stacked when narrow.
private func mupLayout(_ area: Rect) -> [(PaneID, Rect)] {
    let statsRows = min(9, max(5, area.height / 3))
    if area.width >= 80 {
        let rows = area.split(.vertical, [.fill(3), .fill(2)])
        let top = rows[0].split(.horizontal, [.fill(1), .fill(1)])
        let bottom = rows[1].split(.horizontal, [.fill(1), .fill(1)])
        return [(.spCurves, top[0]), (.mupCurves, top[1]), (.coords, bottom[0]), (.stats, bottom[1])]
    }
    let rows = area.split(.vertical, [.fill(1), .fixed(statsRows)])
    let top = rows[0].split(.horizontal, [.fill(1), .fill(1)])
    return [(.spCurves, top[0]), (.mupCurves, top[1]), (.stats, rows[1])]
}
