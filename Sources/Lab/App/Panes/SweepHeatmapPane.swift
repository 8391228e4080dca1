import Foundation
import Models

/// Seed-averaged final loss (dark = low) over (log₂ B, log₁₀ LR), filling in as cells finish; diverged cells marked ×, pending ones blank.
struct SweepHeatmapPane {
    let table: SweepTable
    var focused = false
    var glyphs: GlyphMode = .braille

    func render(into buffer: inout Buffer, area: Rect) {
        let g = table.grid
        let block = Block(title: "final loss  lr × batch", focused: focused, glyphs: glyphs, info: "dark = low  \(table.done)/\(g.count)")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        Heatmap(values: values(), rowLabels: g.lrs.reversed().map { NumberFormat.compact(Double($0)) },
                columnLabels: g.batches.map(String.init), glyphs: glyphs)
            .render(into: &buffer, area: inner)
    }

    /// Rows from the largest LR (top) down, as −log₁₀ loss so the best cells are the darkest; +∞ where any finished seed diverged, NaN where nothing finished yet.
    func values() -> [[Double]] {
        let g = table.grid
        return g.lrs.indices.reversed().map { li in
            g.batches.indices.map { bi in
                guard let v = table.meanLogLoss(batch: bi, lr: li) else { return .nan }
                return v.isFinite ? -v : .infinity
            }
        }
    }
}
