import Models

/// The muP dashboard's state: the sweep's settings, its cells so far and their fits, the coordinate check, and which
/// step and layer of the check are drawn.
struct MuPView: Sendable {
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
        analysis = MuPAnalysis(table: table)
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
        analysis = MuPAnalysis(table: table)
    }

    var layers: [String] { (1...config.hiddenLayers).map { "h\($0)" } + ["out"] }
}

extension Keymap {
    /// The muP dashboard: what the coordinate check shows, and the readout's init (which restarts the sweep).
    static let mup: [KeyBinding] = [
        KeyBinding(keys: "l", description: "coordinate check: next layer (h1 → h2 → out)", hint: "layer"),
        KeyBinding(keys: "t", description: "coordinate check: after 0 → 1 → 2 steps", hint: "step"),
        KeyBinding(keys: "i", description: "muP readout init: ×√width_mult ↔ zero (restarts the sweep)", hint: "readout"),
    ] + sweepCommon
}

/// Keys of the muP dashboard.
func handleMuPKey(_ state: inout AppState, _ view: MuPView, _ key: Key) -> [Effect] {
    var v = view
    switch key {
    case .char("l"):
        let all = v.layers
        v.coordLayer = all[((all.firstIndex(of: v.coordLayer) ?? -1) + 1) % all.count]
        state.mup = v
        return []
    case .char("t"):
        v.coordStep = (v.coordStep + 1) % max(1, v.config.coordSteps)
        state.mup = v
        return []
    case .char("i"):
        v = v.with("readout_zero_init=\(!v.config.readoutZeroInit)")
        state.say("muP readout: \(v.config.readoutZeroInit ? "zero init" : "init × √width_mult") — sweep restarted")
    case .char("r"):
        v = v.with("seed=\(v.config.seed)")
        state.say("sweep restarted")
    default:
        return []
    }
    state.mup = v
    return [.restartMuP(v.config)]
}

/// Two loss-vs-LR charts side by side (SP, muP), the coordinate check and the numbers below; stacked when narrow.
func mupLayout(_ area: Rect) -> [(PaneID, Rect)] {
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
