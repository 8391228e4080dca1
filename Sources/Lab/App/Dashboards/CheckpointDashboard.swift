import Models

extension PaneID {
    /// Gradient checkpointing: memory and time against depth.
    static let memory = PaneID("memory"), compute = PaneID("compute")
}

/// The gradient-checkpointing study on screen: peak memory and step time against depth for each scheme, measured
/// before the dashboard opens.
struct CheckpointView: Dashboard {
    var study: CheckpointStudy
    var measurements: [CheckpointMeasurement]

    let panes: [PaneID] = [.memory, .compute, .stats]

    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
        let rows = area.split(.vertical, [.fill(1), .fixed(min(9, max(5, area.height / 3)))])
        let top = rows[0].split(area.width >= 80 ? .horizontal : .vertical, [.fill(1), .fill(1)])
        return [(.memory, top[0]), (.compute, top[1]), (.stats, rows[1])]
    }

    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        let focused = state.focus == pane
        switch pane {
        case .memory, .compute:
            CheckpointChartPane(view: self, memory: pane == .memory, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
        case .stats:
            let inner = Block(title: "gradient checkpointing", focused: focused, glyphs: state.glyphs, info: state.presetName)
                .render(into: &buffer, area: area)
            // The depths' rows (what the claims are about), then the claims, then how the study ran: a short pane
            // cuts the last.
            let rows = checkpointRows(self)
            TextPanel(rows: Array(rows.prefix(4)) + state.claims.rows(state) + rows.dropFirst(4)).render(into: &buffer, area: inner)
        default:
            return false
        }
        return true
    }

    func statsRows(_ state: AppState) -> [TextPanel.Row] { checkpointRows(self) }

    func status(_ state: AppState) -> String? {
        measurements.isEmpty ? (state.training.busy.map { "\($0) · " } ?? "") + "\(study.depths.count) depths × \(CheckpointScheme.allCases.count) schemes…"
                             : "measured \(study.depths.count) depths × \(CheckpointScheme.allCases.count) schemes"
    }

    mutating func receive(_ message: Message, _ state: inout AppState) {
        if case .studyMeasured(let m) = message { measurements = m }
    }

    /// The study is measured once; its dashboard only looks.
    func keys(_ state: AppState) -> [KeyAction] { [] }
}
