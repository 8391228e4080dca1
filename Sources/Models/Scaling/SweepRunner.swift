/// The learning-rate × batch sweep on a `CellPool`: each thread trains cells with its own `ScalingWorker`. With several
/// settings (one per compute budget) the grid is run once per budget, the smallest budget's cells first.
public final class SweepRunner: Sendable {
    public let grid: SweepGrid
    public let task: ScalingTask
    /// One entry per budget; a plain sweep has one.
    public let budgets: [SweepSettings]
    /// The threads that run the cells.
    public let pool: CellPool<SweepResult>

    /// `threads` = 0 uses every core.
    public convenience init(grid: SweepGrid, task: ScalingTask, settings: SweepSettings, threads: Int = 0) {
        self.init(grid: grid, task: task, budgets: [settings], threads: threads)
    }

    /// `keys` (budget × grid.count + cell of each unit, `CellSweepUnits.keys`) leaves out the cells that do not run
    /// (nil: every cell at every budget); `units` (ascending unit indices) restricts the run to a shard's or a resume's.
    public init(grid: SweepGrid, task: ScalingTask, budgets: [SweepSettings], threads: Int = 0, units: [Int]? = nil, keys: [Int]? = nil) {
        precondition(!budgets.isEmpty, "a sweep needs at least one budget")
        self.grid = grid
        self.task = task
        self.budgets = budgets
        pool = CellPool(count: keys?.count ?? grid.count * budgets.count, units: units, threads: threads) {
            let worker = ScalingWorker(task: task)
            return { index, cancel, emit in
                let key = keys?[index] ?? index
                let b = key / grid.count
                let cell = grid.cell(key % grid.count, budget: b)
                guard let loss = worker.run(cell, settings: budgets[b], cancel: cancel) else { return false }
                emit(SweepResult(cell: cell, loss: loss))
                return true
            }
        }
    }

    public var settings: SweepSettings { budgets[0] }
    public var threads: Int { pool.threads }
    /// Starts (or restarts from the first cell) the sweep; returns at once.
    public func start() { pool.start() }
    /// Stops the running sweep between steps and waits for their threads; finished cells stay drainable.
    public func cancel() { pool.cancel() }
    /// Blocks until every cell is done or the sweep is cancelled.
    public func wait() { pool.wait() }
    /// Results finished since the last call.
    public func drain() -> [SweepResult] { pool.drain() }
    /// Cells finished so far and the total.
    public var progress: (done: Int, total: Int) { pool.progress }
    public var isCancelled: Bool { pool.isCancelled }
}
