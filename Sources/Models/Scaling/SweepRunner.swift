/// The learning-rate × batch sweep on a `CellPool`: each thread trains cells with its own `ScalingWorker`.
public final class SweepRunner: Sendable {
    public let grid: SweepGrid
    public let task: ScalingTask
    public let settings: SweepSettings
    /// The threads that run the cells.
    public let pool: CellPool<SweepResult>

    /// `threads` = 0 uses every core.
    public init(grid: SweepGrid, task: ScalingTask, settings: SweepSettings, threads: Int = 0) {
        self.grid = grid
        self.task = task
        self.settings = settings
        pool = CellPool(count: grid.count, threads: threads) {
            let worker = ScalingWorker(task: task)
            return { index, cancel, emit in
                let cell = grid.cell(index)
                guard let loss = worker.run(cell, settings: settings, cancel: cancel) else { return false }
                emit(SweepResult(cell: cell, loss: loss))
                return true
            }
        }
    }

    public var threads: Int { pool.threads }
    /// Starts (or restarts from the first cell) the sweep; returns at once.
    public func start() { pool.start() }
    /// Stops the running sweep between steps and waits for its threads; finished cells stay drainable.
    public func cancel() { pool.cancel() }
    /// Blocks until every cell is done or the sweep is cancelled.
    public func wait() { pool.wait() }
    /// Results finished since the last call.
    public func drain() -> [SweepResult] { pool.drain() }
    /// Cells finished so far and the total.
    public var progress: (done: Int, total: Int) { pool.progress }
    public var isCancelled: Bool { pool.isCancelled }
}
