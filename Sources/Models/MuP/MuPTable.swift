import Foundation

/// Results of a width sweep so far, by parametrisation, seed, width and LR (NaN: diverged; nil: not yet run).
public struct MuPTable: Sendable, Equatable {
    public let grid: MuPGrid
    private var losses: [Parametrization: [[[Float?]]]]
    /// Cells recorded, and the curves whose walk has ended.
    public private(set) var done = 0
    private var finishedRows: Set<MuPRowKey> = []

    public init(grid: MuPGrid) {
        self.grid = grid
        let empty = Array(repeating: Array(repeating: Array(repeating: Float?.none, count: grid.log2LRs.count), count: grid.widths.count), count: grid.seeds)
        losses = Dictionary(uniqueKeysWithValues: MuPGrid.parametrizations.map { ($0, empty) })
    }

    public mutating func record(_ r: MuPResult) {
        let c = r.cell
        guard c.seed < grid.seeds, c.widthIndex < grid.widths.count, c.lrIndex < grid.log2LRs.count else { return }
        if losses[c.parametrization]![c.seed][c.widthIndex][c.lrIndex] == nil { done += 1 }
        losses[c.parametrization]![c.seed][c.widthIndex][c.lrIndex] = r.loss
        if r.rowDone { finishedRows.insert(MuPRowKey(parametrization: c.parametrization, widthIndex: c.widthIndex)) }
    }

    /// Whether the curve of (p, width) has every cell it will get.
    public func isFinished(_ p: Parametrization, width wi: Int) -> Bool {
        finishedRows.contains(MuPRowKey(parametrization: p, widthIndex: wi))
    }

    /// Whether the curve's best LR so far has a finished LR on each side (or is at the grid's edge): an optimum shown before
    /// its walk ends (the dashboard's coarse pass).
    public func isBracketed(_ p: Parametrization, width wi: Int) -> Bool {
        let row = grid.log2LRs.indices.map { meanLog2Loss(p, width: wi, lr: $0) }
        let finite = row.indices.filter { row[$0]?.isFinite ?? false }
        guard let best = finite.min(by: { row[$0]! < row[$1]! }) else { return false }
        let known = row.indices.filter { row[$0] != nil }
        return (best == 0 || known.contains { $0 < best }) && (best == row.count - 1 || known.contains { $0 > best })
    }

    public var rowsDone: Int { finishedRows.count }

    /// Finished cells that diverged (`DivergenceRule`): NaN in sweep.csv, counted in fit.json.
    public var diverged: Int {
        losses.values.reduce(0) { n, t in n + t.joined().joined().reduce(0) { $0 + ($1.map { $0.isFinite ? 0 : 1 } ?? 0) } }
    }
    public var isComplete: Bool { rowsDone == grid.rowCount }

    /// Mean of log₂ loss over the seeds that finished; NaN if any finished seed diverged, nil if none finished.
    public func meanLog2Loss(_ p: Parametrization, width wi: Int, lr li: Int) -> Double? {
        var sum = 0.0, n = 0
        for s in 0..<grid.seeds {
            guard let l = losses[p]![s][wi][li] else { continue }
            guard l.isFinite && l > 0 else { return .nan }
            sum += log2(Double(l))
            n += 1
        }
        return n == 0 ? nil : sum / Double(n)
    }

    /// The seed-averaged (geometric mean) loss curve over log₂ LR of one width: (log₂ LR, loss) for finished LRs.
    public func curve(_ p: Parametrization, width wi: Int) -> [(x: Double, y: Double)] {
        grid.log2LRs.indices.compactMap { li in
            meanLog2Loss(p, width: wi, lr: li).map { (Double(grid.log2LRs[li]), pow(2, $0)) }
        }
    }

    /// `sweep.csv`: one row per finished cell in grid order; diverged runs as `nan`.
    public var csv: String {
        var s = "parametrization,width,log2_lr,lr,seed,loss\n"
        for c in grid.cells {
            guard let l = losses[c.parametrization]![c.seed][c.widthIndex][c.lrIndex] else { continue }
            s += "\(c.parametrization.rawValue),\(c.width),\(c.log2LR),\(formatNumber(c.lr)),\(c.seed),\(l.isFinite ? formatNumber(l) : "nan")\n"
        }
        return s
    }
}

private struct MuPRowKey: Hashable, Sendable {
    var parametrization: Parametrization
    var widthIndex: Int
}

/// The best LR of one width: the grid's argmin and the parabola vertex through it and its neighbours (log₂ units).
public struct WidthOptimum: Sendable, Equatable {
    public var width: Int
    public var gridLog2LR: Int
    public var log2LR: Double
    public var bestLoss: Double
    /// The best grid LR was the smallest or largest: the true optimum may lie outside.
    public var atEdge: Bool
}

/// What a (possibly partial) width sweep says: each finished curve's optimum, how far the optimum moves across widths, and
/// what reusing the base width's optimum at the widest width costs.
public struct MuPAnalysis: Sendable, Equatable {
    public let table: MuPTable
    public let optima: [Parametrization: [WidthOptimum]]

    /// `bracketed`: also the curves not finished whose best is bracketed (`MuPTable.isBracketed`), as the dashboard shows them.
    public init(table: MuPTable, bracketed: Bool = false) {
        self.table = table
        let g = table.grid
        var o: [Parametrization: [WidthOptimum]] = [:]
        for p in MuPGrid.parametrizations {
            o[p] = g.widths.indices.compactMap { wi in
                let row = g.log2LRs.indices.map { table.meanLog2Loss(p, width: wi, lr: $0) }
                guard table.isFinished(p, width: wi) || bracketed && table.isBracketed(p, width: wi), let m = OptimumFit.minimum(xs: g.log2LRs.map(Double.init), ys: row) else { return nil }
                let finite = row.indices.filter { row[$0]?.isFinite ?? false }
                guard let best = finite.min(by: { row[$0]! < row[$1]! }) else { return nil }
                return WidthOptimum(width: g.widths[wi], gridLog2LR: g.log2LRs[best], log2LR: m.x, bestLoss: pow(2, row[best]!), atEdge: m.atEdge)
            }
        }
        optima = o
    }

    /// Grid steps (factors of 2) between the smallest and largest best LR over the widths whose curve is finished.
    public func spreadSteps(_ p: Parametrization) -> Int? {
        let xs = optima[p]?.map(\.gridLog2LR) ?? []
        guard xs.count >= 2, let lo = xs.min(), let hi = xs.max() else { return nil }
        return hi - lo
    }

    /// Loss at the widest width when trained at the base width's best grid LR, over that width's best loss.
    public func transferRatio(_ p: Parametrization) -> Double? {
        let g = table.grid
        guard let rows = optima[p], let base = rows.first(where: { $0.width == g.widths.min() }),
              let widest = rows.first(where: { $0.width == g.widths.max() }), widest.width != base.width,
              let li = g.log2LRs.firstIndex(of: base.gridLog2LR), let wi = g.widths.firstIndex(of: widest.width),
              let l = table.meanLog2Loss(p, width: wi, lr: li), l.isFinite else { return nil }
        return pow(2, l) / widest.bestLoss
    }

    /// `fit.json`'s body: per parametrisation the optimum of every width, the spread and the transfer cost.
    public func json(extra: JSONObject = JSONObject()) -> JSONObject {
        var o = extra
        for p in MuPGrid.parametrizations {
            var j = JSONObject()
            let rows = optima[p] ?? []
            j.set("widths", rows.map { Double($0.width) })
            j.set("best_log2_lr", rows.map { Double($0.gridLog2LR) })
            j.set("vertex_log2_lr", rows.map(\.log2LR))
            j.set("best_loss", rows.map(\.bestLoss))
            j.set("at_edge", raw: "[" + rows.map { $0.atEdge ? "true" : "false" }.joined(separator: ", ") + "]")
            if let s = spreadSteps(p) {
                j.set("spread_grid_steps", s)
                j.set("spread_factor", pow(2, Double(s)))
            }
            if let t = transferRatio(p) { j.set("base_optimum_at_widest_over_best", t) }
            o.set(p.rawValue, object: j)
        }
        return o
    }
}
