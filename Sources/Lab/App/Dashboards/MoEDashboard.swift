import Models

extension PaneID {
    /// Mixture of experts: load per expert and MaxVio over time.
    static let load = PaneID("load"), maxVio = PaneID("maxVio")
}

/// The MoE load-balancing dashboard: the balancing strategy (key b) and MaxVio over training, the load per expert.
struct MoEDashboard: Dashboard {
    var balance: BalanceStrategy
    var alpha: Float
    var u: Float
    var batchMaxVio: [(x: Double, y: Double)] = []
    var globalMaxVio: [(x: Double, y: Double)] = []

    init(_ config: MoEConfig) {
        balance = config.balance
        alpha = config.auxAlpha
        u = config.biasRate
    }

    let panes: [PaneID] = [.loss, .samples, .load, .maxVio, .stats]

    /// Keeps the MaxVio history bounded by halving its resolution past `limit` points.
    mutating func append(step: Int, batch: Float, global: Float, limit: Int = 10_000) {
        batchMaxVio.append((Double(step), Double(batch)))
        globalMaxVio.append((Double(step), Double(global)))
        if batchMaxVio.count > limit {
            batchMaxVio = batchMaxVio.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            globalMaxVio = globalMaxVio.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        }
    }

    mutating func receive(_ message: Message, _ state: inout AppState) {
        switch message {
        case .trainer(.metrics(let m)):
            if let b = state.extraNames.firstIndex(of: "maxvio"), let g = state.extraNames.firstIndex(of: "maxvio_global"),
               m.extra.count > max(b, g) {
                append(step: m.step, batch: m.extra[b], global: m.extra[g])
            }
        case .trainer(.reset):
            batchMaxVio.removeAll()
            globalMaxVio.removeAll()
        default:
            break
        }
    }

    /// Curves and numbers left (loss, MaxVio, stats); the expert-coloured samples and the load histogram right.
    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
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

    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        let focused = state.focus == pane
        switch pane {
        case .load:
            ExpertLoadPane(loads: state.snapshot?.histogram ?? [], reference: state.snapshot?.histogramReference,
                           focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
        case .maxVio:
            MaxVioPane(batch: batchMaxVio, global: globalMaxVio, markers: trainingMarkers(state), focused: focused, glyphs: state.glyphs)
                .render(into: &buffer, area: area)
        default:
            return false
        }
        return true
    }

    var raceSignal: (title: String, points: [(x: Double, y: Double)])? { ("MaxVio · global", globalMaxVio) }

    func renderRacePicture(_ state: AppState, into buffer: inout Buffer, area: Rect, title: String) -> Bool {
        ExpertLoadPane(loads: state.snapshot?.histogram ?? [], reference: state.snapshot?.histogramReference, focused: false,
                       glyphs: state.glyphs, title: title).render(into: &buffer, area: area)
        return true
    }

    func statsRows(_ state: AppState) -> [TextPanel.Row] {
        let last = { (s: [(x: Double, y: Double)]) in s.last.map { Float($0.y) } }
        return TrainingStats(state: state).rows(extra: moeStatsRows(strategy: balance, alpha: alpha, u: u, maxVio: last(batchMaxVio),
                                                                    globalMaxVio: last(globalMaxVio)))
    }

    func keys(_ state: AppState) -> [KeyAction] {
        [KeyAction("b", "balancing: none → aux → loss-free → loss-free (RMS)", hint: "balance") { s, _ in
            s.modify(MoEDashboard.self) { d, _ in
                let all = BalanceStrategy.allCases
                d.balance = all[(all.firstIndex(of: d.balance)! + 1) % all.count]
                return [.send(.setOption(key: "balance", value: d.balance.rawValue))]
            }
        }] + TrainingKeys.table(state)
    }
}
