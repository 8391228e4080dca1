import Models

extension PaneID {
    /// VQ: perplexity, codes used and MSE per gradient path, code usage, the latent plane, reconstructions.
    static let perplexity = PaneID("perplexity"), utilisation = PaneID("utilisation"), mse = PaneID("mse")
    static let usage = PaneID("usage"), codePlane = PaneID("codePlane"), reconstructions = PaneID("reconstructions")
}

/// The VQ dashboard: perplexity, codes used and MSE of each gradient path, the codebook's shape, and which path the
/// plane and histogram show (`v`).
struct VQView: Dashboard, Equatable {
    var codes: Int
    var latentDim: Int
    var shown = 0

    /// What the help overlay says about the methods before the keys.
    static let notes = [
        "STE copies the decoder's gradient onto z; the rotation trick feeds",
        "the decoder sg(λR)·z, R rotating z onto its code q; SimVQ learns",
        "only a linear map W, b of a frozen random codebook C.",
        "Perplexity (effective codes) is the headline: 'used' counts one hit.",
    ]

    init(_ c: VQConfig) {
        codes = c.codes
        latentDim = c.latentDim
    }

    /// The right column holds the latent plane (d = 2) beside the reconstructions, the usage histogram below.
    var panes: [PaneID] {
        [.perplexity, .utilisation, .mse, .stats] + (latentDim == 2 ? [.codePlane] : []) + [.reconstructions, .usage]
    }
}

extension VQView {
    func keys(_ state: AppState) -> [KeyAction] {
        var keys = Self.notes.map(KeyAction.note)
        if state.vqLabels.count > 1 {
            keys.append(KeyAction("v", "plane and usage show: STE → rotation → SimVQ", hint: "view") { s, _ in
                s.modify(VQView.self) { d, s in
                    d.shown = (d.shown + 1) % max(1, s.vqLabels.count)
                    s.say("showing \(s.vqLabels[d.shown])")
                    return []
                }
            })
        }
        return keys + TrainingKeys.table(state)
    }

    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        switch pane {
        case .perplexity: VQSeriesPane(state: state, measure: .perplexity, pane: pane, codes: codes).render(into: &buffer, area: area)
        case .utilisation: VQSeriesPane(state: state, measure: .utilisation, pane: pane, codes: codes).render(into: &buffer, area: area)
        case .mse: VQSeriesPane(state: state, measure: .mse, pane: pane, codes: codes).render(into: &buffer, area: area)
        case .usage: CodeUsagePane(state: state).render(into: &buffer, area: area)
        case .codePlane: CodePlanePane(state: state).render(into: &buffer, area: area)
        case .reconstructions: ReconstructionPane(state: state).render(into: &buffer, area: area)
        default: return false
        }
        return true
    }

    func statsRows(_ state: AppState) -> [TextPanel.Row] { TrainingStats(state: state).head + vqStatsRows(state) }

    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] { vqLayout(plane: latentDim == 2, area) }
}

extension AppState {
    /// The gradient paths trained (the parameter groups' names: "STE", "rotation", "SimVQ").
    var vqLabels: [String] { training.groups.map(\.name) }

    /// The path the plane and histogram show.
    var vqShown: String? {
        let labels = vqLabels
        guard let vq = board(VQView.self), !labels.isEmpty else { return nil }
        return labels[vq.shown % labels.count]
    }

    /// A VQ measure's name for a path: plain when one path trains, prefixed ("simvq_mse") when several do.
    func vqMeasure(_ measure: String, path label: String) -> String {
        vqLabels.count > 1 ? label.lowercased() + "_" + measure : measure
    }
}

/// Curves and numbers left (perplexity, codes used, MSE, stats); the latent plane, reconstructions and usage right.
private func vqLayout(plane: Bool, _ area: Rect) -> [(PaneID, Rect)] {
    if area.width >= 80 {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let right = cols[1].split(.vertical, [.fill(2), .fill(1)])
        let pictures = plane ? right[0].split(.horizontal, [.percent(50), .fill(1)]) : [right[0]]
        let shown = (plane ? [(PaneID.codePlane, pictures[0]), (.reconstructions, pictures[1])] : [(.reconstructions, pictures[0])])
            + [(.usage, right[1])]
        // Below 30 rows three charts get no axes: the share of codes used moves to the stats rows.
        guard area.height >= 30 else {
            let left = cols[0].split(.vertical, [.fill(1), .fill(1), .fixed(8)])
            return [(.perplexity, left[0]), (.mse, left[1]), (.stats, left[2])] + shown
        }
        let left = cols[0].split(.vertical, [.fill(1), .fill(1), .fill(1), .fixed(8)])
        return [(.perplexity, left[0]), (.utilisation, left[1]), (.mse, left[2]), (.stats, left[3])] + shown
    }
    let rows = area.split(.vertical, [.fill(1), .fill(1), .fill(1), .fill(2), .fill(1), .fixed(8)])
    let pictures = plane ? rows[3].split(.horizontal, [.percent(50), .fill(1)]) : [rows[3]]
    return [(.perplexity, rows[0]), (.utilisation, rows[1]), (.mse, rows[2])]
        + (plane ? [(.codePlane, pictures[0]), (.reconstructions, pictures[1])] : [(.reconstructions, pictures[0])])
        + [(.usage, rows[4]), (.stats, rows[5])]
}

/// The optimizer (one row while every path shares it), one row per gradient path (perplexity, codes used, MSE), and
/// the mean batch loss.
func vqStatsRows(_ state: AppState) -> [TextPanel.Row] {
    let f = NumberFormat.compact
    let groups = state.training.groups
    var rows: [TextPanel.Row] = []
    let shared = Set(groups.map { "\($0.kind.label) lr \(f(Double($0.lr)))" })
    let optimizer = shared.count == 1 ? shared.first! : groups.map { "\($0.name) \($0.kind.label) \(f(Double($0.lr)))" }.joined(separator: " · ")
    rows.append(.init("optimizer", optimizer + "  batch \(state.batch)"))
    // Columns under one header, so the three numbers of every path fit a narrow pane.
    func column(_ s: String) -> String { s.padding(toLength: max(s.count + 1, 6), withPad: " ", startingAt: 0) }
    if state.training.evaluation != nil { rows.append(.init("path", column("ppl") + column("used") + "MSE", style: .dim)) }
    for g in groups {
        var text = ""
        if let e = state.training.evaluation, let ppl = e[state.vqMeasure("perplexity", path: g.name)] {
            text = column(f(ppl))
            if let u = e[state.vqMeasure("utilisation", path: g.name)] { text += column(NumberFormat.percent(u)) }
            if let m = e[state.vqMeasure("mse", path: g.name)] { text += f(m) }
        }
        let aimed = state.training.target == g.name
        rows.append(.init(g.name, text + (aimed ? "  ◂ keys" : ""), style: aimed ? .highlight : .normal))
    }
    if let l = state.loss.last { rows.append(.init("loss", "\(f(l.loss))  EMA \(f(l.ema))")) }
    return rows
}
