import Models

/// The flow-matching dashboard (ReFlow, Muon vs Adam, accumulation, the weight EMA): the loss and the sample quality
/// over steps with the numbers under them, the live samples and their paths on the right.
struct FlowDashboard: Dashboard {
    let panes: [PaneID] = [.loss, .quality, .samples, .stats]

    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
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

    func keys(_ state: AppState) -> [KeyAction] { TrainingKeys.table(state) }

    /// The shared numbers, and the gradient-accumulation check where the run measures one (`accumulate`).
    func statsRows(_ state: AppState) -> [TextPanel.Row] { TrainingStats(state: state).rows(method: AccumulationRows.rows) }
}
