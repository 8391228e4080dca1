import Foundation

/// The lr × batch and compute sweeps as shardable units: one unit per cell, budget-major (unit = budget × grid.count
/// + the cell's index in the grid), so `--shard K/N` deals every budget's cells round the shards.
public struct CellSweepUnits: SweepUnits {
    public let grid: SweepGrid
    public let budgetCount: Int

    public init(grid: SweepGrid, budgetCount: Int) {
        self.grid = grid
        self.budgetCount = max(1, budgetCount)
    }

    public var unitCount: Int { grid.count * budgetCount }
    public var sharedUnits: [Int] { [] }
    public var columns: [String] { ["budget", "batch", "lr", "seed", "loss"] }

    public func cell(_ unit: Int) -> SweepCell { grid.cell(unit % grid.count, budget: unit / grid.count) }

    public func unit(of r: SweepResult) -> Int {
        let c = r.cell
        return c.budget * grid.count + (c.seed * grid.batches.count + c.batchIndex) * grid.lrs.count + c.lrIndex
    }

    public func fields(_ r: SweepResult) -> [String] {
        [String(r.cell.budget), String(r.cell.batch), formatNumber(r.cell.lr), String(r.cell.seed), formatNumber(r.loss)]
    }

    public func result(unit: Int, fields f: [Substring]) -> SweepResult? {
        let c = cell(unit)
        guard f[0] == String(c.budget), f[1] == String(c.batch), f[2] == formatNumber(c.lr), f[3] == String(c.seed),
              let loss = Float(String(f[4])) else { return nil }
        return SweepResult(cell: c, loss: loss)
    }

    public func completes(_ r: SweepResult) -> Bool { true }
    public func cellKey(_ r: SweepResult) -> String {
        "(budget \(r.cell.budget), batch \(r.cell.batch), lr \(formatNumber(r.cell.lr)), seed \(r.cell.seed))"
    }
}
