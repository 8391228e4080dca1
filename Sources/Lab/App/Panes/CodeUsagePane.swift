import Foundation
import Models

/// How the held-out points spread over the codes of one path: codes sorted from most to least used (binned to the
/// width), against the uniform share n/K. Dead codes are the empty tail; a collapsed codebook is one tall bar.
struct CodeUsagePane {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        let label = state.vqShown ?? ""
        let counts = state.snapshot?.vectors.first { $0.name == VQPicture.usage + label }?.values ?? []
        let used = counts.filter { $0 > 0 }.count
        let info = counts.isEmpty ? nil : "\(used)/\(counts.count) used · sorted"
        let cycle = state.vqLabels.count > 1 ? " (v)" : ""
        let inner = Block(title: "code usage · \(label)\(cycle)", focused: state.focus == .usage, glyphs: state.glyphs, info: info)
            .render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard !counts.isEmpty else {
            buffer.write("waiting for the first evaluation…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        let total = counts.reduce(0, +)
        let shares = Self.binned(counts.sorted(by: >).map { $0 / max(total, 1) }, into: max(1, inner.width - 8))
        let colour = state.vqLabels.firstIndex(of: label) ?? 0
        let bars = shares.map { BarChart.Bar(label: "", value: $0, style: .series(colour)) }
        BarChart(bars: bars, reference: 1 / Double(counts.count), glyphs: state.glyphs).render(into: &buffer, area: inner)
    }

    /// Means of consecutive runs of `values`, at most `count` of them (all values when they fit).
    static func binned(_ values: [Double], into count: Int) -> [Double] {
        guard values.count > count else { return values }
        return (0..<count).map { b in
            let lo = b * values.count / count, hi = max(lo + 1, (b + 1) * values.count / count)
            return values[lo..<hi].reduce(0, +) / Double(hi - lo)
        }
    }
}
