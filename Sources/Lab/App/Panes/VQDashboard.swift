import Models

/// The VQ dashboard's own state: the codebook's shape and which gradient path the plane and histogram show (`v`).
struct VQView: Sendable, Equatable {
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

    init(preset p: Preset) {
        codes = p.int("codes")
        latentDim = p.int("latent_dim")
    }

    /// The right column holds the latent plane (d = 2) beside the reconstructions, the usage histogram below.
    var panes: [PaneID] {
        [.perplexity, .utilisation, .mse, .stats] + (latentDim == 2 ? [.codePlane] : []) + [.reconstructions, .usage]
    }
}

extension AppState {
    /// The gradient paths trained (the parameter groups' names: "STE", "rotation", "SimVQ").
    var vqLabels: [String] { training.groups.map(\.name) }

    /// The path the plane and histogram show.
    var vqShown: String? {
        let labels = vqLabels
        guard let vq, !labels.isEmpty else { return nil }
        return labels[vq.shown % labels.count]
    }

    /// A VQ measure's name for a path: plain when one path trains, prefixed ("simvq_mse") when several do.
    func vqMeasure(_ measure: String, path label: String) -> String {
        vqLabels.count > 1 ? label.lowercased() + "_" + measure : measure
    }
}

/// Curves and numbers left (perplexity, codes used, MSE, stats); the latent plane, reconstructions and usage right.
func vqLayout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
    let plane = state.vq?.latentDim == 2
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
            if let u = e[state.vqMeasure("utilisation", path: g.name)] { text += column("\(Int((u * 100).rounded()))%") }
            if let m = e[state.vqMeasure("mse", path: g.name)] { text += f(m) }
        }
        let aimed = state.training.target == g.name
        rows.append(.init(g.name, text + (aimed ? "  ◂ keys" : ""), style: aimed ? .highlight : .normal))
    }
    if let l = state.loss.last { rows.append(.init("loss", "\(f(l.loss))  EMA \(f(l.ema))")) }
    return rows
}
