import Models

/// How many nats per point the flow is from the truth, over training steps: the test NLL (clean held-out points)
/// approaching the data's entropy H above, and their difference flow_kl = KL(data ‖ model) on a log axis below, with
/// its standard error as the noise floor.
struct LikelihoodPane {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        let history = state.training.history
        let nll = history["test_nll"], kl = history["flow_kl"]
        let block = Block(title: "likelihood · nats per point", focused: state.focus == .likelihood, glyphs: state.glyphs, info: "held-out")
        let waiting = nll.isEmpty ? (state.loss.raw.isEmpty ? "waiting for the first step…" : "evaluating…") : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        let entropy = state.training.evaluation?["entropy"]
        guard !kl.isEmpty, inner.height >= 8 else {
            // Too short for both: the headline, flow_kl.
            if kl.isEmpty { nllChart(nll, entropy: entropy).render(into: &buffer, area: inner) } else { klChart(kl).render(into: &buffer, area: inner) }
            return
        }
        let (top, bottom) = inner.splitBottom(max(4, inner.height / 2))
        nllChart(nll, entropy: entropy).render(into: &buffer, area: top)
        klChart(kl).render(into: &buffer, area: bottom)
    }

    /// Test NLL, the batch NLL's EMA (noisy data when σ > 0), and H as a flat line; y from just under H to where
    /// the test NLL was after its first evaluations, so the approach to H stays readable.
    private func nllChart(_ nll: [(x: Double, y: Double)], entropy: Double?) -> LineChart {
        var series = [LineChart.Series(name: "test NLL", points: nll, index: 0, priority: 2)]
        let ema = state.loss.ema.filter { $0.x >= nll[0].x }
        if !ema.isEmpty { series.append(LineChart.Series(name: "batch EMA", points: ema, pen: Pen(style: .faint, priority: 0, glyph: "."))) }
        if let h = entropy, let last = nll.last {
            series.append(LineChart.Series(name: "H(data)", points: [(nll[0].x, h), (last.x, h)], pen: Pen(style: .reference, priority: 1, glyph: "-")))
        }
        var chart = LineChart(series: series, markers: trainingMarkers(state), glyphs: state.glyphs)
        chart.xRange = stepRange(nll)
        let finite = nll.map(\.y).filter(\.isFinite)
        if let lo = finite.min(), let h = entropy ?? finite.min() {
            let floor = min(lo, h) - 0.05
            let top = min(finite.max() ?? h + 1, h + 1.5)
            chart.yRange = floor...max(top, floor + 0.2)
        }
        return chart
    }

    /// flow_kl over steps, log y while positive, with the latest standard error as a dashed floor.
    private func klChart(_ kl: [(x: Double, y: Double)]) -> LineChart {
        let positive = kl.allSatisfy { $0.y > 0 }
        var series = [LineChart.Series(name: "flow_kl", points: kl, index: 2, priority: 2)]
        if let se = state.training.evaluation?["flow_kl_se"], se > 0, let first = kl.first, let last = kl.last {
            series.append(LineChart.Series(name: "1 se", points: [(first.x, se), (last.x, se)], pen: Pen(style: .dim, priority: 0, glyph: "-")))
        }
        var chart = LineChart(series: series, yScale: positive ? .log : .linear, glyphs: state.glyphs)
        chart.xRange = stepRange(kl)
        return chart
    }

    private func stepRange(_ s: [(x: Double, y: Double)]) -> ClosedRange<Double>? {
        let first = min(s.first?.x ?? 0, state.loss.raw.first?.x ?? 0)
        let last = max(s.last?.x ?? 0, state.loss.raw.last?.x ?? 0)
        return last > first ? first...last : nil
    }
}
