import Models

/// Draws a diffusion dashboard's own panes (and its samples picture); false for panes it leaves to the shared code.
func renderDiffusionPane(_ pane: PaneID, _ d: DiffusionView, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
    let focused = state.focus == pane
    let e = state.training.evaluation
    let net = netPrefix(state)
    switch pane {
    case .samples: DiffusionSamplesPane(state: state, classes: d.kind == .cfg).render(into: &buffer, area: area)
    case .samplerChart:
        SamplerComparisonPane(curves: e?.curves ?? [], exact: state.exactLive, floor: state.training.info?.floors["kl"],
                              liveSteps: state.samplerSteps, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
    case .schedule: SchedulePane(evaluation: e, focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
    case .guidance:
        GuidancePane(evaluation: e, scales: d.guidanceScales, liveScale: d.live.scale, liveClassifier: d.live.classifierGuidance,
                     exact: state.exactLive, netPrefix: net, focused: focused, glyphs: state.glyphs)
            .render(into: &buffer, area: area)
    case .rateDistortion:
        RateDistortionPane(evaluation: e, sizes: d.rateSizes, steps: d.rateSteps, exact: state.exactLive, netPrefix: net,
                           liveBits: d.liveBits(steps: state.samplerSteps), focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
    case .codes: CodesPane(state: state, view: d).render(into: &buffer, area: area)
    default: return false
    }
    return true
}

/// "ema_" when the averaged weights draw the samples (the core names their measures so), else "": the net's measures.
func netPrefix(_ state: AppState) -> String { state.training.info?.sampleFromEMA == true ? "ema_" : "" }

/// The stats rows a diffusion dashboard adds: the live sampler and the method's own numbers.
func diffusionStatsRows(_ d: DiffusionView, _ state: AppState, _ e: Evaluation) -> [TextPanel.Row] {
    let f = NumberFormat.compact
    let net = netPrefix(state)
    var rows: [TextPanel.Row] = []
    if let snap = state.snapshot, !snap.samplerName.isEmpty {
        var text = "\(snap.samplerName) · \(snap.samplerSteps) step\(snap.samplerSteps == 1 ? "" : "s")"
        if d.kind == .ddcm { text += " · \(Int(d.liveBits(steps: snap.samplerSteps))) bits/pt" }
        rows.append(.init("live", text, style: .highlight))
    }
    switch d.kind {
    case .ddpm:
        if let kl = e[net + "flow_kl"], let half = e[net + "flow_kl_half"] {
            rows.append(.init("PF-ODE flow_kl", "\(f(kl))  (RK4 in ln σ, \(ProbabilityFlowField.steps) steps; \(ProbabilityFlowField.steps / 2): \(f(half)))"))
        }
    case .cfg:
        let tag = GuidanceQuality.tag(scale: 1), data = GuidanceQuality.names("data")[0]
        let cfg = GuidanceQuality.names(tag)[0], cg = GuidanceQuality.names(prefix: CFGMethod.classifierPrefix, tag)[0]
        if let p = e[net + cfg], let q = e[data] {
            rows.append(.init("p(c|x) s=1", "CFG \(f(p))" + (e[net + cg].map { "  CG \(f($0))" } ?? "") + "  data \(f(q))"))
        }
    case .ddcm:
        let ks = d.codebookSizes.reversed().compactMap { k in e[net + "ddcm_k\(k)_kl"].map { "K=\(k) \(f($0))" } }
        if !ks.isEmpty { rows.append(.init("DDCM kl", ks.joined(separator: "  "))) }
    }
    return rows
}

/// The live samples: data faint, a few paths dim, and the samples (by class on cfg), titled with the sampler that drew them.
struct DiffusionSamplesPane {
    let state: AppState
    var classes = false

    func render(into buffer: inout Buffer, area: Rect) {
        let snap = state.snapshot
        let info = snap.map { "\($0.samplerName) · \($0.samplerSteps) steps" }
        let block = Block(title: "samples · \(state.dataset.label)", focused: state.focus == .samples, glyphs: state.glyphs, info: info)
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let snap else {
            buffer.write("sampling…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        var layers: [ScatterPlot.Layer] = [.data(pairs(snap.data))]
        if let tr = snap.trajectories, state.trajectoriesOn {
            // Dim, so ancestral random walks (and cfg's class-1 colour) never hide the samples.
            let paths = (0..<tr.count).map { i in tr.frames.map { (x: Double($0[2 * i]), y: Double($0[2 * i + 1])) } }
            layers.append(ScatterPlot.Layer(name: "paths", shape: .paths(paths), pen: Pen(style: .dim, priority: 1, glyph: "+")))
        }
        let groups = classes && snap.sampleGroups.count == snap.samples.count / 2 ? snap.sampleGroups.map(Int.init) : nil
        layers.append(.samples(pairs(snap.samples), categories: groups, name: groups == nil ? "samples" : "by class"))
        var plot = ScatterPlot(layers: layers, bounds: squareBounds(inner, halfExtent: Self.extent(state.dataset)), glyphs: state.glyphs)
        plot.showLegend = inner.width >= 30
        plot.render(into: &buffer, area: inner)
    }

    /// Half the side of the square shown: enough for the data with a margin.
    static func extent(_ d: Dataset) -> Double {
        switch d {
        case .overlap: 3.2
        case .line: 5
        default: 5.5
        }
    }
}
