import Foundation
import Testing
@testable import Models

/// The dashboard's order of the width sweep: every curve shows a bracketed optimum early, then the walks are refined to
/// `lab run mup`'s rule; the run's own walk is untouched.
@Suite struct MuPLiveOrderTests {
    /// The preset's grid: widths 64…1024, log₂ LR −11…−2.
    let grid = MuPGrid(widths: [64, 128, 256, 512, 1024], log2LRs: Array(-11 ... -2), seeds: 1)

    /// A valley in log₂ LR per curve: SP's best halves with each doubling of width (−4 … −8), muP's stays at −4.
    func log2Loss(_ row: MuPRow, _ li: Int) -> Double {
        let best = row.parametrization == .sp ? -4 - row.widthIndex : -4
        let d = Double(grid.log2LRs[li] - best)
        return -5 + 0.3 * d * d
    }

    /// Runs the order `threads` points at a time (each batch recorded after all of it is handed out, as on a pool),
    /// returning the points in the order they were handed out and the curves finished.
    func simulate(threads: Int) -> (points: [MuPLiveOrder.Point], finished: [Int]) {
        var order = MuPLiveOrder(grid: grid)
        var handed: [MuPLiveOrder.Point] = [], finished: [Int] = []
        while !order.isExhausted {
            var batch: [MuPLiveOrder.Point] = []
            while batch.count < threads, let p = order.next() { batch.append(p) }
            handed += batch
            for p in batch where order.record(p, log2Loss: log2Loss(order.rows[p.row], p.lrIndex)) { finished.append(p.row) }
        }
        return (handed, finished)
    }

    /// Within the first 4 cells a curve on average, every curve has at least 3 LRs around its true optimum (one tried
    /// on each side of it) and shows a best within one grid step of it: the coarse pass.
    @Test(arguments: [1, 2]) func everyCurveShowsItsOptimumWithinTheFirstCells(threads: Int) {
        let rows = MuPLiveOrder(grid: grid).rows
        let first = simulate(threads: threads).points.prefix(4 * rows.count)
        for (r, row) in rows.enumerated() {
            let tried = Set(first.filter { $0.row == r }.map(\.lrIndex))
            let best = grid.log2LRs.indices.min { log2Loss(row, $0) < log2Loss(row, $1) }!
            let shown = tried.min { log2Loss(row, $0) < log2Loss(row, $1) }
            #expect(tried.count >= 3 && tried.contains { $0 < best } && tried.contains { $0 > best } && shown.map { abs($0 - best) <= 1 } == true,
                    "\(row.parametrization) n=\(grid.widths[row.widthIndex]): \(tried.sorted()) around \(best)")
        }
    }

    /// Narrow widths first (cheap cells before costly ones): no width-1024 cell before every narrower curve is bracketed.
    @Test func theCoarsePassGoesFromNarrowToWide() {
        let order = MuPLiveOrder(grid: grid), points = simulate(threads: 1).points
        let widths = points.map { grid.widths[order.rows[$0.row].widthIndex] }
        #expect(widths.prefix(while: { $0 < 1024 }).count >= 3 * 8 && widths.first == 64)
    }

    /// In the end every curve is finished by `lab run mup`'s rule (two grid steps risen on each side of its best), with
    /// the base width's best LR on every curve, and nothing runs twice.
    @Test func theRefinedWalkEndsWhereTheRunsWalkEnds() {
        let (points, finished) = simulate(threads: 2)
        let order = MuPLiveOrder(grid: grid)
        #expect(Set(finished) == Set(order.rows.indices) && finished.count == order.rows.count)
        #expect(Set(points).count == points.count)
        for (r, row) in order.rows.enumerated() {
            var known: [Int: Double] = [:]
            for p in points where p.row == r { known[p.lrIndex] = log2Loss(row, p.lrIndex) }
            #expect(LRWalk.next(known: known, count: grid.log2LRs.count, anchor: 0) == nil, "the run's walk would stop here")
            #expect(grid.log2LRs[LRWalk.best(known)!] == (row.parametrization == .sp ? -4 - row.widthIndex : -4))
            #expect(known[7] != nil, "the base width's best LR (log₂ −4) for the transfer cost")
        }
    }

    /// `lab run mup` keeps its walk: the base width's curves first from the grid's middle, then widest first, each curve
    /// walking one grid step at a time from its anchor.
    @Test func theRunsWalkIsUnchanged() {
        #expect((0..<grid.rowCount).map { grid.row($0).widthIndex } == [0, 0, 4, 4, 3, 3, 2, 2, 1, 1])
        let row = MuPRow(parametrization: .sp, widthIndex: 2)
        var known: [Int: Double] = [:], walk: [Int] = []
        while let i = LRWalk.next(known: known, count: grid.log2LRs.count, anchor: grid.log2LRs.count / 2) {
            walk.append(i)
            known[i] = log2Loss(row, i)
        }
        #expect(walk == [5, 4, 6, 3, 7])
    }

    /// A curve not finished shows its optimum once its best has a tried LR on each side.
    @Test func aBracketedCurveHasAnOptimumBeforeItIsFinished() {
        var t = MuPTable(grid: grid)
        for li in [4, 6] { t.record(MuPResult(cell: grid.cell(.mup, width: 4, lr: li, seed: 0), loss: Float(pow(2, log2Loss(MuPRow(parametrization: .mup, widthIndex: 4), li))))) }
        #expect(!t.isBracketed(.mup, width: 4) && MuPAnalysis(table: t, bracketed: true).optima[.mup]!.isEmpty)
        t.record(MuPResult(cell: grid.cell(.mup, width: 4, lr: 9, seed: 0), loss: Float(pow(2, log2Loss(MuPRow(parametrization: .mup, widthIndex: 4), 9)))))
        #expect(t.isBracketed(.mup, width: 4))
        #expect(MuPAnalysis(table: t, bracketed: true).optima[.mup]!.map(\.gridLog2LR) == [-5])
        #expect(MuPAnalysis(table: t).optima[.mup]!.isEmpty, "the run's analysis counts finished curves only")
    }
}
