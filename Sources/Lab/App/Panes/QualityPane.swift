import Models

/// The headline sample quality (kl of the evaluation samples against the data's density, in nats) over training
/// steps: it keeps falling after the training loss has flattened. Log y while every value is positive (an
/// estimate can dip below 0 by its noise; then the axis turns linear), with the estimator's floor as one continuous line across the chart.
struct QualityPane {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        let name = state.training.rawHeadline
        let points = Self.trained(state.training.history[name])
        let averaged = Self.trained(state.training.history["ema_" + name])
        let positive = !points.isEmpty && (points + averaged).allSatisfy { $0.y > 0 }
        let block = Block(title: "quality · \(Self.label(name))", focused: state.focus == .quality, glyphs: state.glyphs,
                          info: positive ? "log y · held-out" : "held-out")
        let waiting = points.isEmpty ? (name.isEmpty ? "no quality measure for this dataset" : "evaluating…") : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        var series = [LineChart.Series(name: Self.label(name), points: points, index: 2, priority: 1, trace: .line, now: .dot)]
        if !averaged.isEmpty {
            series.append(LineChart.Series(name: "EMA weights", points: averaged, index: 3, priority: 2, trace: .line, now: .diamond))
        }
        var chart = LineChart(series: series, markers: trainingMarkers(state), yScale: positive ? .log : .linear, glyphs: state.glyphs)
        if let floor = state.training.info?.floors[Self.baseName(name)], floor > 0 || !positive {
            chart.rules = [LineChart.Rule(y: floor, name: "noise floor")]
        }
        if let first = state.loss.raw.first?.x, let last = state.loss.raw.last?.x, last > first { chart.xRange = first...last }
        chart.render(into: &buffer, area: inner)
    }

    /// The evaluations after step 0 once there are any: the untrained net's value (ddpm's kl ≈ 160 000) would flatten
    /// every later point against the axis.
    static func trained(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        points.contains { $0.x > 0 } ? points.filter { $0.x > 0 } : points
    }

    /// "kl" for "kl", "kl @1 step" for "kl_1".
    static func label(_ name: String) -> String {
        guard let u = name.lastIndex(of: "_"), let m = Int(name[name.index(after: u)...]) else { return name }
        return "\(name[..<u]) @\(m) step\(m == 1 ? "" : "s")"
    }

    /// The measure without its step suffix: "kl_1" → "kl" (floors are kept by base name).
    static func baseName(_ name: String) -> String {
        guard let u = name.lastIndex(of: "_"), Int(name[name.index(after: u)...]) != nil else { return name }
        return String(name[..<u])
    }
}
