import Foundation
import Testing
@testable import Lab
import Models

@Suite("Sweep panes")
struct SweepPaneTests {
    /// A synthetic sweep: loss is a parabola in log LR around η*(B) = 0.2/(1 + 32/B), the largest LRs diverge, the last seed is half done.
    static func table() -> SweepTable {
        let grid = SweepGrid(batches: SweepGrid.powersOfTwo(from: 4, to: 512), lrs: SweepGrid.logSpaced(min: 1e-3, max: 1, count: 10), seeds: 2)
        var t = SweepTable(grid: grid)
        for i in 0..<(grid.count - 30) {
            let c = grid.cell(i)
            let opt = log10(0.2 / (1 + 32 / Double(c.batch)))
            let u = log10(Double(c.lr)) - opt
            let loss: Float = u > 0.8 ? .nan : Float(0.01 * pow(10, u * u + 0.1 * Double(c.seed)))
            t.record(SweepResult(cell: c, loss: loss))
        }
        return t
    }

    @Test("heatmap fills in with × for diverged cells and blanks for pending ones")
    func heatmap() {
        let t = Self.table()
        let v = SweepHeatmapPane(table: t).values()
        #expect(v.first!.contains(.infinity))
        var buf = Buffer(width: 60, height: 16)
        SweepHeatmapPane(table: t).render(into: &buf, area: buf.area)
        #expect(buf.text().contains("×"))
        assertSnapshot(buf, named: "sweep-heatmap-60x16")
        var ascii = Buffer(width: 60, height: 16)
        SweepHeatmapPane(table: t, glyphs: .ascii).render(into: &ascii, area: ascii.area)
        assertSnapshot(ascii, named: "sweep-heatmap-60x16-ascii")
    }

    @Test("optimum pane draws η* with the fitted slope and theory curves; stats rows name B_simple and the knee")
    func optimum() {
        let t = Self.table()
        let a = SweepAnalysis(table: t, smallBatchMax: 16)
        #expect(a.optima.count == t.grid.batches.count)
        var buf = Buffer(width: 72, height: 20)
        OptimumPane(analysis: a, batches: t.grid.batches).render(into: &buf, area: buf.area)
        assertSnapshot(buf, named: "sweep-optimum-72x20")
        let rows = SweepStatsRows(optimizer: OptimizerConfig(), analysis: a, noise: GradientNoise(gradSquared: 2, traceSigma: 64),
                                  done: t.done, total: t.grid.count).rows()
        var stats = Buffer(width: 72, height: 8)
        TextPanel(rows: rows).render(into: &stats, area: stats.area)
        assertSnapshot(stats, named: "sweep-stats-72x8")
        #expect(stats.text().contains("B_simple"))
    }

    @Test("optimum pane waits politely for the first full row")
    func emptyOptimum() {
        let grid = SweepGrid(batches: [4, 8], lrs: [0.1, 1], seeds: 1)
        var buf = Buffer(width: 50, height: 6)
        OptimumPane(analysis: SweepAnalysis(table: SweepTable(grid: grid), smallBatchMax: 8), batches: grid.batches).render(into: &buf, area: buf.area)
        #expect(buf.text().contains("waiting"))
    }
}
