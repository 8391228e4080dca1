import Models

/// One VQ measure over training steps, a series per gradient path (STE, rotation, SimVQ in their fixed colours):
/// perplexity (effective codes, the headline), share of codes used, or reconstruction MSE (log y).
struct VQSeriesPane {
    enum Measure: String {
        case perplexity, utilisation, mse

        var title: String {
            switch self {
            case .perplexity: "perplexity · effective codes"
            case .utilisation: "codes used · share of K"
            case .mse: "reconstruction MSE"
            }
        }
    }

    let state: AppState
    let measure: Measure
    let pane: PaneID
    let codes: Int

    func render(into buffer: inout Buffer, area: Rect) {
        let labels = state.vqLabels
        let series = labels.enumerated().map { i, label in
            LineChart.Series(name: label, points: state.training.history[state.vqMeasure(measure.rawValue, path: label)],
                             index: i, priority: labels.count - i)
        }
        let log = measure == .mse && series.allSatisfy { $0.points.allSatisfy { $0.y > 0 } }
        let info = measure == .perplexity ? "of K = \(codes) · held-out" : (log ? "log y · held-out" : "held-out")
        let block = Block(title: measure.title, focused: state.focus == pane, glyphs: state.glyphs, info: info)
        let waiting = series.contains(where: { !$0.points.isEmpty }) ? nil : (state.loss.raw.isEmpty ? "waiting for the first step…" : "evaluating…")
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        // The latest values go on a caption row: a legend in the top-right corner would hide curves that end high.
        let (caption, plot) = inner.height >= 4 ? inner.splitTop(1) : (Rect.zero, inner)
        var x = caption.x
        for (i, s) in series.enumerated() {
            guard let last = s.points.last?.y else { continue }
            let text = "\(s.name) \(measure == .utilisation ? NumberFormat.percent(last) : NumberFormat.compact(last))"
            x += buffer.write((i > 0 ? "  " : "") + text, x: x, y: caption.y, style: .series(i, bold: true), maxWidth: caption.maxX - x)
        }
        var chart = LineChart(series: series, markers: trainingMarkers(state), yScale: log ? .log : .linear, glyphs: state.glyphs)
        if measure == .utilisation { chart.yRange = 0...1 }
        if let first = state.loss.raw.first?.x, let last = state.loss.raw.last?.x, last > first { chart.xRange = first...last }
        chart.showLegend = false
        chart.render(into: &buffer, area: plot)
    }
}
