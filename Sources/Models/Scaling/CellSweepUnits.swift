import Foundation

/// The lr × batch and compute sweeps as shardable units. Per budget: one unit per cell that runs, budget-major
/// (key = budget × grid.count + the cell's index in the grid), so `--shard K/N` deals every budget's cells round the
/// shards. Checkpointed (the power-law task): one unit per (seed, batch, LR), one row for each budget its run reaches,
/// whole once its largest budget's row is written; LR-major (unit = LR index × rows + the (seed, batch) row), so when
/// N divides the rows `--shard K/N` keeps each row's LRs together, and a shard draws each row's examples once.
public struct CellSweepUnits: SweepUnits {
    public let grid: SweepGrid
    public let budgetCount: Int
    /// Per batch index, the checkpoints of a checkpointed sweep; nil: one unit per (budget, cell).
    public let checkpoints: [[Checkpoint]]?
    /// Each unit's key: budget × grid.count + cell per budget, the cell when checkpointed; cells that run at no budget
    /// have no unit.
    public let keys: [Int]
    private let unitOfKey: [Int: Int]

    /// Every cell of `grid` at each of `budgetCount` budgets.
    public init(grid: SweepGrid, budgetCount: Int) {
        self.init(grid: grid, budgetCount: max(1, budgetCount), checkpoints: nil, keys: Array(0..<(grid.count * max(1, budgetCount))))
    }

    /// The units of `config`'s sweep: the cells that run (`ScalingConfig.runs`), checkpointed on the power-law task.
    public init(config c: ScalingConfig) {
        let count = max(1, c.flops.count)
        if c.checkpointed {
            let plan = c.checkpoints, g = c.grid
            let rows = (0..<(g.seeds * g.batches.count)).filter { !plan[$0 % g.batches.count].isEmpty }
            self.init(grid: g, budgetCount: count, checkpoints: plan, keys: g.lrs.indices.flatMap { li in rows.map { $0 * g.lrs.count + li } })
        } else {
            let keys = (0..<count).flatMap { k in (0..<c.grid.count).filter { c.runs(batch: c.grid.cell($0).batch, budget: k) }.map { k * c.grid.count + $0 } }
            self.init(grid: c.grid, budgetCount: count, checkpoints: nil, keys: keys)
        }
    }

    private init(grid: SweepGrid, budgetCount: Int, checkpoints: [[Checkpoint]]?, keys: [Int]) {
        self.grid = grid
        self.budgetCount = budgetCount
        self.checkpoints = checkpoints
        self.keys = keys
        unitOfKey = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
    }

    public var unitCount: Int { keys.count }
    public var sharedUnits: [Int] { [] }
    public var columns: [String] {
        checkpoints == nil ? ["budget", "batch", "lr", "seed", "loss"] : ["budget", "batch", "lr", "seed", "excess", "b_noise"]
    }

    /// The cell of a unit (checkpointed: budget 0, each row names its own).
    public func cell(_ unit: Int) -> SweepCell {
        let key = keys[unit]
        return checkpoints == nil ? grid.cell(key % grid.count, budget: key / grid.count) : grid.cell(key)
    }

    public func unit(of r: SweepResult) -> Int {
        let i = grid.index(of: r.cell)
        return unitOfKey[checkpoints == nil ? r.cell.budget * grid.count + i : i]!
    }

    public func fields(_ r: SweepResult) -> [String] {
        let common = [String(r.cell.budget), String(r.cell.batch), formatNumber(r.cell.lr), String(r.cell.seed), formatNumber(r.loss)]
        return checkpoints == nil ? common : common + [formatNumber(r.noiseScale)]
    }

    public func result(unit: Int, fields f: [Substring]) -> SweepResult? {
        var c = cell(unit)
        if let plan = checkpoints {
            guard let budget = Int(String(f[0])), plan[c.batchIndex].contains(where: { $0.budget == budget }) else { return nil }
            c.budget = budget
        }
        guard f[0] == String(c.budget), f[1] == String(c.batch), f[2] == formatNumber(c.lr), f[3] == String(c.seed),
              let loss = Float(String(f[4])) else { return nil }
        guard checkpoints != nil else { return SweepResult(cell: c, loss: loss) }
        guard let noise = Float(String(f[5])) else { return nil }
        return SweepResult(cell: c, loss: loss, noiseScale: noise)
    }

    public func completes(_ r: SweepResult) -> Bool {
        guard let plan = checkpoints else { return true }
        return r.cell.budget == plan[r.cell.batchIndex].last?.budget
    }

    public func cellKey(_ r: SweepResult) -> String {
        "(budget \(r.cell.budget), batch \(r.cell.batch), lr \(formatNumber(r.cell.lr)), seed \(r.cell.seed))"
    }

    /// A checkpointed unit is whole with a row for every budget its batch reaches; the first one short is named.
    public func inconsistency(_ results: [SweepResult]) -> String? {
        guard let plan = checkpoints else { return nil }
        var seen: [Int: Set<Int>] = [:]
        for r in results { seen[unit(of: r), default: []].insert(r.cell.budget) }
        for (u, budgets) in seen.sorted(by: { $0.key < $1.key }) {
            let c = cell(u)
            let expected = Set(plan[c.batchIndex].map(\.budget))
            if budgets != expected, let k = expected.subtracting(budgets).min() {
                return "unit \(u) (batch \(c.batch), lr \(formatNumber(c.lr)), seed \(c.seed)) lacks its budget \(k) row"
            }
        }
        return nil
    }
}
