import Foundation

/// The dashboard's order of the width sweep, so that every curve shows an optimum within a minute instead of curve by
/// curve: first a coarse walk (every other grid LR, until the best has a coarse neighbour on each side) on every curve,
/// narrowest width first, each starting at the next narrower width's best; then each walk refined to `lab run mup`'s
/// rule (two grid steps risen on each side of the best) plus the base width's best LR (the transfer cost). The cells
/// are the run's, so their losses are too; `lab run mup` keeps its own walk (`MuPWorker.pool`).
public struct MuPLiveOrder: Sendable {
    /// One LR of one curve (every seed of it).
    public struct Point: Hashable, Sendable {
        public var row: Int
        public var lrIndex: Int
    }

    public let grid: MuPGrid
    /// Curves (parametrisation, width index), narrowest width first, SP then muP.
    public let rows: [MuPRow]
    public static let coarseStride = 2
    private var known: [[Int: Double]]
    private var running: [Set<Int>]
    /// Curves whose coarse walk has bracketed its best, and those that have every cell they will get.
    private var bracketed: Set<Int> = []
    private var finished: Set<Int> = []

    public init(grid: MuPGrid) {
        self.grid = grid
        rows = grid.widths.indices.sorted { (grid.widths[$0], $0) < (grid.widths[$1], $1) }
            .flatMap { wi in MuPGrid.parametrizations.map { MuPRow(parametrization: $0, widthIndex: wi) } }
        known = Array(repeating: [:], count: rows.count)
        running = Array(repeating: [], count: rows.count)
    }

    private var n: Int { grid.log2LRs.count }

    /// The next point to train (now marked running), or nil when none can start before a running one finishes.
    public mutating func next() -> Point? {
        let phases: [(Int) -> [Int]] = [coarse, refine, transfer]
        for (k, phase) in phases.enumerated() {
            for r in rows.indices where k == 2 || !finished.contains(r) && (k == 1 || !bracketed.contains(r)) {
                if let li = phase(r).first(where: { known[r][$0] == nil && !running[r].contains($0) }) {
                    running[r].insert(li)
                    return Point(row: r, lrIndex: li)
                }
            }
        }
        return nil
    }

    /// Nothing is running and nothing is left to run.
    public var isExhausted: Bool { running.allSatisfy(\.isEmpty) && Self.peek(self) == nil }

    private static func peek(_ order: MuPLiveOrder) -> Point? {
        var copy = order
        return copy.next()
    }

    /// Records a point's seed-averaged log₂ loss (+∞ when a seed diverged); true when its curve has every cell it will get.
    public mutating func record(_ p: Point, log2Loss: Double) -> Bool {
        running[p.row].remove(p.lrIndex)
        known[p.row][p.lrIndex] = log2Loss
        if running[p.row].isEmpty && coarse(p.row).allSatisfy({ known[p.row][$0] != nil }) { bracketed.insert(p.row) }
        guard !finished.contains(p.row), running[p.row].isEmpty, bracketed.contains(p.row), refine(p.row).allSatisfy({ known[p.row][$0] != nil })
        else { return false }
        finished.insert(p.row)
        return true
    }

    /// The curve's coarse walk: its start, then the best's neighbours `coarseStride` away (the grid's edge when nearer);
    /// nothing until the next narrower width of its parametrisation has finished its own.
    private func coarse(_ r: Int) -> [Int] {
        guard let best = LRWalk.best(known[r]) else {
            guard running[r].isEmpty, let start = start(r) else { return [] }
            return [start]
        }
        return (best > 0 ? [max(0, best - Self.coarseStride)] : []) + (best < n - 1 ? [min(n - 1, best + Self.coarseStride)] : [])
    }

    /// The grid's middle for the narrowest width; else the best of the nearest narrower width whose coarse walk is done
    /// (none yet: wait), so that a wide curve need not wait for the one just below it.
    private func start(_ r: Int) -> Int? {
        let narrower = rows[..<r].indices.filter { rows[$0].parametrization == rows[r].parametrization }
        guard !narrower.isEmpty else { return n / 2 }
        return narrower.last { bracketed.contains($0) }.flatMap { LRWalk.best(known[$0]) }
    }

    /// `lab run mup`'s walk from the best: the LRs at distance 1, then 2 (the curve is finished once all are known).
    private func refine(_ r: Int) -> [Int] {
        guard bracketed.contains(r), let best = LRWalk.best(known[r]) else { return [] }
        return [best - 1, best + 1, best - 2, best + 2].filter { $0 >= 0 && $0 < n }
    }

    /// Last, the base width's best LR on every other curve of its parametrisation (what reusing it costs there).
    private func transfer(_ r: Int) -> [Int] {
        guard let a = rows.firstIndex(where: { $0.parametrization == rows[r].parametrization && $0.widthIndex == grid.anchorWidthIndex }),
              a != r, finished.contains(a), let best = LRWalk.best(known[a]) else { return [] }
        return [best]
    }
}

/// One curve of the sweep: a parametrisation at a width.
public struct MuPRow: Hashable, Sendable {
    public var parametrization: Parametrization
    public var widthIndex: Int
}

extension MuPWorker {
    /// The dashboard's pool: the cells of `MuPLiveOrder`, one point (every seed of one LR of one curve) per unit.
    public static func livePool(_ config: MuPConfig, data: SpiralClasses) -> CellPool<MuPResult> {
        let grid = MuPGrid(config)
        let order = LiveOrderBoard(MuPLiveOrder(grid: grid))
        return CellPool(count: grid.rowCount * grid.log2LRs.count, threads: config.threads) {
            let worker = MuPWorker(config: config, data: data)
            return { _, cancel, emit in
                var point: MuPLiveOrder.Point?
                while point == nil {
                    if cancel.isCancelled { return false }
                    let (p, exhausted) = order.state.withLock { o in (o.next(), o.isExhausted) }
                    if p == nil && exhausted { return true }
                    if p == nil { usleep(5_000) }
                    point = p
                }
                guard let point else { return false }
                let row = order.rows[point.row]
                var results: [MuPResult] = []
                for s in 0..<grid.seeds {
                    let cell = grid.cell(row.parametrization, width: row.widthIndex, lr: point.lrIndex, seed: s)
                    guard let loss = worker.run(cell, cancel: cancel) else { return false }
                    results.append(MuPResult(cell: cell, loss: loss))
                }
                let log2Loss = MuPWorker.curvePoint(results.map(\.loss), seeds: grid.seeds)
                results[results.count - 1].rowDone = order.state.withLock { $0.record(point, log2Loss: log2Loss) }
                results.forEach(emit)
                return true
            }
        }
    }
}

/// The live order shared by the pool's threads.
final class LiveOrderBoard: Sendable {
    let state: Locked<MuPLiveOrder>
    let rows: [MuPRow]

    init(_ order: MuPLiveOrder) {
        rows = order.rows
        state = Locked(order)
    }
}
