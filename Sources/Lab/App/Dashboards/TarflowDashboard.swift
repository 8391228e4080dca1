import Models

extension PaneID {
    /// TARFLOW: test NLL vs entropy and flow_kl, samples (raw | denoised), the latent picture.
    static let likelihood = PaneID("likelihood"), flowSamples = PaneID("flowSamples"), latent = PaneID("latent")
}

/// The TARFLOW dashboard: the likelihood against the data's entropy, samples raw and denoised, the latent picture, and
/// the training noise σ that `n` cycles (0 → 0.05 → 0.1, live, no reset).
struct FlowView: Dashboard, Equatable {
    var sigma: Double
    /// The cosine schedule's LR multiplier at the last step.
    var lrScale: Double?

    init(sigma: Double) { self.sigma = sigma }

    let panes: [PaneID] = [.likelihood, .quality, .stats, .flowSamples, .latent]

    /// What the help overlay says about the model before its keys.
    static let notes = [
        "A 2D point is a 2-token sequence: causal attention over one key",
        "is an MLP of x₀, so each block is a 1D-conditioned affine coupling",
        "(proj_in + position, pre-LN residual sublayers, zero-init proj_out).",
        "NLL is nats per 2D point; the paper's loss is per dimension (half).",
    ]

    /// The σ after `n`.
    var nextSigma: Double {
        let all = TARFlowConfig.sigmas.map(Double.init)
        let i = all.firstIndex { abs($0 - sigma) < 1e-9 } ?? -1
        return all[(i + 1) % all.count]
    }
}

extension FlowView {
    mutating func receive(_ message: Message, _ state: inout AppState) {
        if case .trainer(.metrics(let m)) = message, let i = state.extraNames.firstIndex(of: "lr_scale"), i < m.extra.count {
            lrScale = Double(m.extra[i])
        }
    }

    func keys(_ state: AppState) -> [KeyAction] {
        Self.notes.map(KeyAction.note) + [
            KeyAction("n", "training noise σ: 0 → 0.05 → 0.1 (denoising uses the same σ)", hint: "σ") { s, _ in
                s.modify(FlowView.self) { d, _ in
                    d.sigma = d.nextSigma
                    return [.send(.setOption(key: "sigma", value: "\(Float(d.sigma))"))]
                }
            },
        ] + TrainingKeys.table(state)
    }

    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        switch pane {
        case .likelihood: LikelihoodPane(state: state).render(into: &buffer, area: area)
        case .latent: LatentPane(state: state).render(into: &buffer, area: area)
        case .flowSamples: FlowSamplesPane(state: state, sigma: sigma).render(into: &buffer, area: area)
        default: return false
        }
        return true
    }

    func statsRows(_ state: AppState) -> [TextPanel.Row] {
        TrainingStats(state: state).rows(quality: { flowStatsRows(self, state, $0) })
    }

    /// Curves and numbers left (likelihood, samples' kl, stats); the samples and the latent picture right.
    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] { flowLayout(area) }
}

/// Curves and numbers left (likelihood, samples' kl, stats); the samples and the latent picture right.
private func flowLayout(_ area: Rect) -> [(PaneID, Rect)] {
    if area.width >= 80 {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(3), .fill(2), .fixed(10)])
        let right = cols[1].split(.vertical, [.fill(1), .fill(1)])
        return [(.likelihood, left[0]), (.quality, left[1]), (.stats, left[2]), (.flowSamples, right[0]), (.latent, right[1])]
    }
    let rows = area.split(.vertical, [.fill(2), .fill(2), .fixed(min(8, max(4, area.height / 4)))])
    let pictures = rows[1].split(.horizontal, [.percent(50), .fill(1)])
    return [(.likelihood, rows[0]), (.flowSamples, pictures[0]), (.latent, pictures[1]), (.stats, rows[2])]
}

/// The flow's numbers: test NLL beside H, flow_kl with its standard error, the noise σ and what denoising does.
func flowStatsRows(_ flow: FlowView, _ state: AppState, _ e: Evaluation) -> [TextPanel.Row] {
    let f = NumberFormat.compact
    var rows: [TextPanel.Row] = []
    if let nll = e["test_nll"] {
        var text = "\(f(nll)) (se \(f(e["test_nll_se"] ?? .nan)))"
        if let h = e["entropy"] { text += "  H \(f(h))" }
        rows.append(.init("test NLL", text))
    }
    if let kl = e["flow_kl"] {
        rows.append(.init("flow_kl", "\(f(kl)) (se \(f(e["flow_kl_se"] ?? .nan)))", style: .highlight))
    }
    if let kl = e["kl"] {
        let text = "kl \(f(kl))" + (state.training.info?.floors["kl"].map { " (floor \(f($0)))" } ?? "")
        rows.append(.init("samples", text))
    }
    if flow.sigma > 0, let den = e["denoised_kl"] {
        var text = "kl \(f(den)) (σ \(f(flow.sigma)))"
        if let exact = e["exact_denoised_kl"] { text += "  exact score: \(f(exact))" }
        rows.append(.init("denoised", text))
    } else {
        rows.append(.init("noise", "σ 0: no denoising step (n)"))
    }
    if let scale = flow.lrScale, scale != 1 {
        rows.append(.init("schedule", "lr × \(f(scale)) (cosine)"))
    }
    return rows
}
