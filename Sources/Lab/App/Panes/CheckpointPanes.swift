import Foundation
import Models

/// Peak activation memory (or step time) against depth, log–log, one series per scheme: slopes 1, ½ and 0 for
/// memory; 1, 1 and 2 for time.
struct CheckpointChartPane {
    let view: CheckpointView
    let memory: Bool
    let focused: Bool
    let glyphs: GlyphMode

    func render(into buffer: inout Buffer, area: Rect) {
        let title = memory ? "peak activation memory vs layers" : "step time vs layers"
        let block = Block(title: title, focused: focused, glyphs: glyphs, info: memory ? "KiB, log–log" : "ms, log–log")
        let waiting = view.measurements.isEmpty ? "measuring every depth and scheme (the footer says which)…" : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        let labels: [CheckpointScheme: String] = [.all: "store all (∝ L)", .sqrt: "every √L (∝ √L)", .none: "input only (∝ 1)"]
        let timeLabels: [CheckpointScheme: String] = [.all: "store all", .sqrt: "every √L (+1 forward)", .none: "input only (∝ L²)"]
        let series = CheckpointScheme.allCases.enumerated().map { i, s in
            LineChart.Series(name: (memory ? labels : timeLabels)[s]!, points: view.measurements.filter { $0.scheme == s }.map {
                (log2(Double($0.layers)), memory ? Double($0.peakBytes) / 1024 : $0.seconds * 1000)
            }, index: i, priority: 3 - i, trace: .line, now: [.dot, .diamond, .square][i])
        }
        var chart = LineChart(series: series, yScale: .log, glyphs: glyphs)
        chart.xTicks = view.study.depths.map { (log2(Double($0)), "\($0)") }
        chart.render(into: &buffer, area: inner)
    }
}

/// The table: per depth, each scheme's memory and time as multiples of storing everything, and the gradient check.
func checkpointRows(_ view: CheckpointView) -> [TextPanel.Row] {
    var rows: [TextPanel.Row] = [.init("layers", "memory / all   time / all   (sqrt: bound 2.5·√L/L)", style: .title)]
    for L in view.study.depths {
        let m = view.measurements.filter { $0.layers == L }
        guard let all = m.first(where: { $0.scheme == .all }), let sq = m.first(where: { $0.scheme == .sqrt }),
              let none = m.first(where: { $0.scheme == .none }) else { continue }
        let r = { (x: CheckpointMeasurement) in Double(x.peakBytes) / Double(all.peakBytes) }
        let t = { (x: CheckpointMeasurement) in x.seconds / all.seconds }
        let f = NumberFormat.readout
        rows.append(.init("L \(L)", "√L \(f(r(sq))) (≤ \(f(2.5 * Double(L).squareRoot() / Double(L)))) ×\(f(t(sq)))  ·  input only \(f(r(none))) ×\(f(t(none)))"))
    }
    let worst = view.measurements.map(\.gradientError).max() ?? 0
    rows.append(.init("gradients", "largest relative difference from storing all: \(NumberFormat.readout(worst))",
                      style: worst <= 1e-6 ? .normal : .warning))
    rows.append(.init("net", "tanh MLP, width \(view.study.width), batch \(view.study.batch); best of \(view.study.repeats) steps"))
    return rows
}
