import Foundation

/// The muP sweep as shardable units: one unit per curve (parametrisation × width, `MuPGrid.row` order). A curve's
/// walk picks its next LR from its own losses and starts from the base width's best LR, so every shard runs the
/// base-width curves first (`sharedUnits`); a merge keeps one copy of their cells.
public struct MuPSweepUnits: SweepUnits {
    public let grid: MuPGrid
    /// Whether curves walk (`MuPConfig.prune`) or run every LR: what a complete curve's cells must be.
    public let prune: Bool

    public init(grid: MuPGrid, prune: Bool = true) {
        self.grid = grid
        self.prune = prune
    }

    public init(_ config: MuPConfig) { self.init(grid: MuPGrid(config), prune: config.prune) }

    public var unitCount: Int { grid.rowCount }
    public var sharedUnits: [Int] { (0..<unitCount).filter { grid.row($0).widthIndex == grid.anchorWidthIndex } }
    public var columns: [String] { ["parametrization", "width", "log2_lr", "seed", "loss", "curve_done"] }

    public func unit(of r: MuPResult) -> Int {
        (0..<unitCount).first { grid.row($0) == (r.cell.parametrization, r.cell.widthIndex) }!
    }

    public func fields(_ r: MuPResult) -> [String] {
        [r.cell.parametrization.rawValue, String(r.cell.width), String(r.cell.log2LR), String(r.cell.seed), formatNumber(r.loss), r.rowDone ? "1" : "0"]
    }

    public func result(unit: Int, fields f: [Substring]) -> MuPResult? {
        let (p, wi) = grid.row(unit)
        guard f[0] == p.rawValue, f[1] == String(grid.widths[wi]), let l2 = Int(f[2]), let li = grid.log2LRs.firstIndex(of: l2),
              let seed = Int(f[3]), (0..<grid.seeds).contains(seed), let loss = Float(String(f[4])), f[5] == "0" || f[5] == "1" else { return nil }
        return MuPResult(cell: grid.cell(p, width: wi, lr: li, seed: seed), loss: loss, rowDone: f[5] == "1")
    }

    public func completes(_ r: MuPResult) -> Bool { r.rowDone }
    public func cellKey(_ r: MuPResult) -> String {
        "(\(r.cell.parametrization.rawValue), width \(r.cell.width), log2 lr \(r.cell.log2LR), seed \(r.cell.seed))"
    }

    /// Replays each complete curve's walk from its losses: a cell the walk visits must be there (every seed), and no
    /// other; a curve whose anchor curve is incomplete cannot be checked and is left for the missing-unit check.
    public func inconsistency(_ results: [MuPResult]) -> String? {
        let anchors = anchors(results)
        let n = grid.log2LRs.count
        for u in completedUnits(results).sorted() {
            let (p, wi) = grid.row(u)
            let cells = results.filter { $0.cell.parametrization == p && $0.cell.widthIndex == wi }
            guard let anchor = wi == grid.anchorWidthIndex ? n / 2 : anchors[p] else { continue }
            var known: [Int: Double] = [:]
            var next: Int? = prune ? anchor : 0
            while let li = next {
                let at = cells.filter { $0.cell.lrIndex == li }
                for s in 0..<grid.seeds where !at.contains(where: { $0.cell.seed == s }) {
                    return "curve \(u) (\(p.rawValue), width \(grid.widths[wi])) lacks its cell at log2 lr \(grid.log2LRs[li]), seed \(s)"
                }
                known[li] = MuPWorker.curvePoint(at.map(\.loss), seeds: grid.seeds)
                next = prune ? LRWalk.next(known: known, count: n, anchor: anchor) : (li + 1 < n ? li + 1 : nil)
            }
            if let extra = cells.first(where: { known[$0.cell.lrIndex] == nil }) {
                return "curve \(u) (\(p.rawValue), width \(grid.widths[wi])) has a cell its walk never visits: \(cellKey(extra))"
            }
        }
        return nil
    }

    /// The base-width optimum of each parametrisation among `results` (complete anchor curves only): what their
    /// curves would publish, so a resumed shard's other curves start where they would have.
    public func anchors(_ results: [MuPResult]) -> [Parametrization: Int] {
        var out: [Parametrization: Int] = [:]
        let done = completedUnits(results)
        for u in sharedUnits where done.contains(u) {
            let p = grid.row(u).parametrization
            let cells = results.filter { $0.cell.parametrization == p && $0.cell.widthIndex == grid.anchorWidthIndex }
            var known: [Int: Double] = [:]
            for li in Set(cells.map(\.cell.lrIndex)) {
                known[li] = MuPWorker.curvePoint(cells.filter { $0.cell.lrIndex == li }.map(\.loss), seeds: grid.seeds)
            }
            out[p] = LRWalk.best(known)
        }
        return out
    }
}
