import Foundation
import Models

/// The classifier's full-data loss over training: the weights against their EMA (the core's ema_full_loss), log y.
struct FullLossPane {
    let state: AppState
    var focused = false

    func render(into buffer: inout Buffer, area: Rect) {
        let raw = state.training.history["full_loss"], ema = state.training.history["ema_full_loss"]
        let decay = state.training.info?.weightEMA
        let block = Block(title: "full-data loss · weights vs EMA", focused: focused, glyphs: state.glyphs,
                          info: decay.map { "EMA \(NumberFormat.compact(Double($0))) · log y" } ?? "no EMA (w) · log y")
        let waiting = raw.isEmpty ? "evaluating…" : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        var series = [LineChart.Series(name: "weights", points: raw, index: 0, priority: 1, trace: .line, now: .dot)]
        if !ema.isEmpty { series.append(LineChart.Series(name: "EMA weights", points: ema, index: 3, priority: 2, trace: .line, now: .diamond)) }
        var chart = LineChart(series: series, markers: trainingMarkers(state), yScale: .log, glyphs: state.glyphs)
        // The preset's steps span the chart from the start, so its story fills the width as it trains.
        let total = Double(state.training.info?.totalSteps ?? 0)
        if let first = state.loss.raw.first?.x, let last = state.loss.raw.last?.x, max(last, total) > first {
            chart.xRange = first...max(last, total)
        }
        chart.render(into: &buffer, area: inner)
    }
}

extension ClassifierPicturePane {
    /// Until a snapshot carries the method's picture: the core decorates snapshots only of methods with samplers.
    static let noPicture = "waiting for a picture (the core decorates snapshots of methods with samplers only)"
}

/// The spiral data by class and, as ✕, the points the weights drawing the picture (raw, or the EMA's with
/// sample_from: ema) get wrong.
struct ClassifierPicturePane {
    let state: AppState
    var focused = false

    func render(into buffer: inout Buffer, area: Rect) {
        let sets = state.snapshot?.pointSets ?? []
        let wrong = sets.first { $0.name == "misclassified" }
        let who = state.training.info?.sampleFromEMA == true ? "EMA weights" : "weights"
        let total = sets.filter { $0.name != "misclassified" }.reduce(0) { $0 + $1.points.count / 2 }
        let block = Block(title: "spiral arms", focused: focused, glyphs: state.glyphs,
                          info: wrong.map { "✕ \($0.points.count / 2) of \(total) wrong" })
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let arms = sets.filter { $0.name != "misclassified" }
        guard !arms.isEmpty else {
            buffer.write(Self.noPicture, x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let points = arms.flatMap { pairs($0.points) }
        let categories = arms.enumerated().flatMap { i, s in Array(repeating: i, count: s.points.count / 2) }
        let marks = pairs(wrong?.points ?? []).enumerated().map { i, p in Mark(x: p.x, y: p.y, shape: .cross, name: i == 0 ? "wrong (\(who))" : nil) }
        var plot = ScatterPlot(layers: [.samples(points, categories: categories, name: "arms 1–3")], marks: marks,
                               bounds: squareBounds(inner, halfExtent: 1.1), glyphs: state.glyphs)
        plot.showLegend = inner.width >= 30
        plot.render(into: &buffer, area: inner)
    }
}

/// How far naive accumulation's gradient is from the full batch's against the number of micro-batches k (log–log), at
/// initialisation and at the weights now, with GradCache's exact accumulation (float rounding) for scale.
struct GradientErrorPane {
    let state: AppState
    var focused = false
    var accumulate = 1

    func render(into buffer: inout Buffer, area: Rect) {
        let e = state.training.evaluation
        let k = accumulate
        let block = Block(title: "gradient error vs micro-batches k", focused: focused, glyphs: state.glyphs,
                          info: "‖g − g_full‖/‖g_full‖ · log")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let e else {
            buffer.write("evaluating…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let ks = Self.counts(e)
        let curve = { (name: String) in ks.compactMap { k in e[name + "_\(k)"].map { (log2(Double(k)), max($0, 1e-12)) } } }
        var series = [
            LineChart.Series(name: "naive now", points: curve("naive_grad_relerr"), index: 1, priority: 3, trace: .line, now: .dot),
            LineChart.Series(name: "naive at init", points: curve("init_naive_grad_relerr"), index: 2, priority: 2, trace: .line),
            LineChart.Series(name: "GradCache", points: curve("exact_grad_relerr"), index: 0, priority: 1, trace: .line),
        ]
        series[0].legendValue = e["naive_grad_relerr_\(ks.last ?? 1)"].map(NumberFormat.readout)
        var chart = LineChart(series: series, yScale: .log, glyphs: state.glyphs)
        chart.xTicks = ks.map { (log2(Double($0)), String($0)) }
        if let lo = ks.first, let hi = ks.last, hi > lo { chart.xRange = log2(Double(lo))...log2(Double(hi)) }
        chart.markers = ks.contains(k) ? [LineChart.Marker(x: log2(Double(k)), label: "training k=\(k)", kind: .reference, short: "k")] : []
        chart.render(into: &buffer, area: inner)
    }

    /// The k of the evaluation's gradient check, ascending.
    static func counts(_ e: Evaluation) -> [Int] {
        let prefix = "naive_grad_relerr_"
        return e.names.filter { $0.hasPrefix(prefix) }.compactMap { Int($0.dropFirst(prefix.count)) }.sorted()
    }
}

/// Both encoders' embeddings of the same held-out points on the unit circle, coloured by the octant each point came from.
struct EmbeddingsPane {
    let state: AppState
    var focused = false
    var embedDim = 2

    func render(into buffer: inout Buffer, area: Rect) {
        let dims = state.snapshot?.pointSets.first.map { _ in embedDim } ?? 2
        let block = Block(title: "embeddings · exact | naive", focused: focused, glyphs: state.glyphs,
                          info: dims > 2 ? "dims 1–2 of \(dims)" : "colour: octant of x")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard let snap = state.snapshot, snap.pointSets.count >= 2 else {
            buffer.write(ClassifierPicturePane.noPicture, x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let groups = snap.sampleGroups.map(Int.init)
        let wide = inner.width >= 2 * inner.height
        let cells = inner.split(wide ? .horizontal : .vertical, [.fill(1), .fill(1)])
        for (set, cell) in zip(snap.pointSets, cells) {
            let e = state.training.evaluation
            let title = "\(set.name)" + (e?["\(set.name)_uniform"].map { " · unif \(NumberFormat.readout($0))" } ?? "")
            let (head, body) = cell.splitTop(1)
            buffer.write(title, x: head.x, y: head.y, width: head.width, align: .center, style: .title)
            var plot = ScatterPlot(layers: [.samples(pairs(set.points), categories: groups.count == set.points.count / 2 ? groups : nil, name: set.name)],
                                   bounds: squareBounds(body, halfExtent: 1.15), showAxes: false, glyphs: state.glyphs)
            plot.showLegend = false
            plot.render(into: &buffer, area: body)
        }
    }
}

/// The training stats pane's rows with `own` after the step (and any warning): in a short pane they outrank the
/// optimizer and loss rows.
private func withCommonRows(_ state: AppState, _ own: [TextPanel.Row]) -> [TextPanel.Row] {
    let common = TrainingStats(state: state).rows()
    let head = common.prefix { ["DIVERGED", "step", "busy"].contains($0.key) }
    return Array(head) + own + common.dropFirst(head.count)
}

/// The classifier's numbers: the full-data loss and accuracy of the weights and of their EMA.
func classifierRows(_ state: AppState, emaStart: String) -> [TextPanel.Row] {
    withCommonRows(state, classifierOwnRows(state, emaStart: emaStart))
}

func contrastiveRows(_ state: AppState, accumulate: Int, embedDim: Int) -> [TextPanel.Row] {
    withCommonRows(state, contrastiveOwnRows(state, accumulate: accumulate, embedDim: embedDim))
}

private func classifierOwnRows(_ state: AppState, emaStart: String) -> [TextPanel.Row] {
    var rows: [TextPanel.Row] = []
    guard let e = state.training.evaluation else { return rows }
    let f = NumberFormat.readout
    if let raw = e["full_loss"] {
        rows.append(.init("full loss", f(raw) + (e["ema_full_loss"].map { "  EMA \(f($0))  ×\(f($0 / raw))" } ?? "")))
    }
    if let a = e["accuracy"] {
        let pct = { (v: Double) in "\(NumberFormat.fixed(100 * v, decimals: 1))%" }
        rows.append(.init("accuracy", pct(a) + (e["ema_accuracy"].map { "  EMA \(pct($0))" } ?? "")))
    }
    let decay = state.training.info?.weightEMA
    let start = ["weights": "from the weights", "zero": "from zero", "zero-corrected": "from zero, ÷(1 − dᵗ)"][emaStart] ?? ""
    rows.append(.init("weight EMA", decay.map { "\(NumberFormat.compact(Double($0))) \(start)" } ?? "off (w cycles)", style: .dim))
    return rows
}

/// InfoNCE's numbers: alignment and uniformity of both encoders, and the gradient check at the training k.
private func contrastiveOwnRows(_ state: AppState, accumulate: Int, embedDim: Int) -> [TextPanel.Row] {
    var rows: [TextPanel.Row] = []
    guard let e = state.training.evaluation else { return rows }
    let f = NumberFormat.readout
    func both(_ m: String) -> String { "exact \(f(e["exact_" + m]))  naive \(f(e["naive_" + m]))" }
    rows.append(.init("align", both("align")))
    rows.append(.init("uniform", both("uniform")))
    let k = accumulate
    let shown = k > 1 ? k : GradientErrorPane.counts(e).last ?? 1
    if let r = e["naive_grad_relerr_\(shown)"], let c = e["naive_grad_cosine_\(shown)"] {
        rows.append(.init("naive k=\(shown)", "∇ error \(f(r))  cos \(f(c))"))
    }
    if let x = e["exact_grad_relerr_\(shown)"] { rows.append(.init("exact k=\(shown)", "∇ error \(f(x)) (GradCache)")) }
    if embedDim == 2 { rows.append(.init("uniform ref", "\(f(logScaledBesselI0(4))) evenly on the circle; 0 collapsed", style: .dim)) }
    return rows
}
