import Foundation
import Models

/// Seed-averaged held-out loss over (B, LR), filling in as cells finish: the lowest loss is the brightest, densest shade,
/// the best LR of each finished batch column carries a ◆, diverged cells are ×, pending ones blank.
struct SweepHeatmapPane {
    let table: SweepTable
    /// Which compute budget the table is (nil for a single-budget sweep).
    var budget: String?
    var focused = false
    var glyphs: GlyphMode = .braille
    /// What the loss is (the power-law task's is the excess over its floor) and its short name in the key.
    var lossName = "held-out loss", keyName = "MSE"
    /// Cells that run in this table (a checkpointed budget leaves out the batches with too few steps); nil: the grid's.
    var total: Int?

    func render(into buffer: inout Buffer, area: Rect) {
        let g = table.grid
        let block = Block(title: "\(lossName) · lr × B", focused: focused, glyphs: glyphs,
                          info: (budget.map { $0 + " · " } ?? "") + "\(table.done)/\(total ?? g.count)")
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        let v = values()
        var map = Heatmap(values: v, rowLabels: g.lrs.reversed().map { NumberFormat.compact(Double($0)) },
                          columnLabels: g.batches.map(String.init), glyphs: glyphs)
        let finite = v.joined().filter(\.isFinite)
        if let lo = finite.min(), let hi = finite.max() {
            // Shades run from the worst loss (sparse) to the best (dense); the key names both ends in the loss' own units.
            map.keyLow = keyName + " " + NumberFormat.readout(pow(10, -lo))
            map.keyHigh = NumberFormat.readout(pow(10, -(hi > lo ? hi : lo + 1)))
        }
        map.marks = bestCells()
        map.markNote = map.marks.isEmpty ? nil : "best lr"
        map.columnCaption = "B"
        map.render(into: &buffer, area: inner)
    }

    /// Rows from the largest LR (top) down, as −log₁₀ loss so the best cells are the brightest; +∞ where any finished seed
    /// diverged, NaN where nothing finished yet.
    func values() -> [[Double]] {
        let g = table.grid
        return g.lrs.indices.reversed().map { li in
            g.batches.indices.map { bi in
                guard let v = table.meanLogLoss(batch: bi, lr: li) else { return .nan }
                return v.isFinite ? -v : .infinity
            }
        }
    }

    /// (row, column) of the lowest finite loss in each batch column where every LR has a result (as η* needs), rows as drawn.
    func bestCells() -> [(row: Int, column: Int)] {
        let g = table.grid
        return g.batches.indices.compactMap { bi in
            let column = g.lrs.indices.map { table.meanLogLoss(batch: bi, lr: $0) }
            guard column.allSatisfy({ $0 != nil }) else { return nil }
            let finite = column.enumerated().compactMap { i, v in v.flatMap { $0.isFinite ? (i, $0) : nil } }
            guard let best = finite.min(by: { $0.1 < $1.1 }) else { return nil }
            return (g.lrs.count - 1 - best.0, bi)
        }
    }
}
