import Foundation
import Synchronization

/// Runs a sweep's cells on a pool of worker threads, each with its own model and optimizer, and streams finished cells.
/// BLAS stays single-threaded per call; the threads give the parallelism. The UI polls `drain()`; nothing here waits for it.
public final class SweepRunner: Sendable {
    public let grid: SweepGrid
    public let task: ScalingTask
    public let settings: SweepSettings
    public let threads: Int

    private struct State {
        var next = 0
        var finished: [SweepResult] = []
        var done = 0
        var job: Job?
    }

    /// One start of the sweep: its stop flag and the threads still running.
    private final class Job: Sendable {
        let cancel = CancelFlag()
        let group = DispatchGroup()
    }

    private let state = Mutex(State())

    /// `threads` = 0 uses every core.
    public init(grid: SweepGrid, task: ScalingTask, settings: SweepSettings, threads: Int = 0) {
        self.grid = grid
        self.task = task
        self.settings = settings
        self.threads = threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Starts (or restarts from the first cell) the sweep; returns at once.
    public func start() {
        cancel()
        let job = Job()
        state.withLock { s in
            s = State()
            s.job = job
        }
        BLAS.useSingleThread()
        for i in 0..<min(threads, grid.count) {
            job.group.enter()
            let t = Thread { [self] in
                work(job)
                job.group.leave()
            }
            t.name = "sweep-\(i)"
            t.stackSize = 8 << 20
            t.start()
        }
    }

    /// Stops the running sweep between steps and waits for its threads; finished cells stay drainable.
    public func cancel() {
        guard let job = state.withLock({ $0.job }) else { return }
        job.cancel.cancel()
        job.group.wait()
    }

    /// Blocks until every cell is done or the sweep is cancelled.
    public func wait() {
        state.withLock { $0.job }?.group.wait()
    }

    /// Results finished since the last call.
    public func drain() -> [SweepResult] {
        state.withLock { s in
            defer { s.finished.removeAll(keepingCapacity: true) }
            return s.finished
        }
    }

    /// Cells finished so far and the total.
    public var progress: (done: Int, total: Int) { (state.withLock { $0.done }, grid.count) }

    public var isCancelled: Bool { state.withLock { $0.job }?.cancel.isCancelled ?? false }

    private func work(_ job: Job) {
        let worker = ScalingWorker(task: task)
        while !job.cancel.isCancelled {
            let index: Int? = state.withLock { s in
                guard s.job === job, s.next < grid.count else { return nil }
                defer { s.next += 1 }
                return s.next
            }
            guard let index else { return }
            let cell = grid.cell(index)
            guard let loss = worker.run(cell, settings: settings, cancel: job.cancel) else { return }
            state.withLock { s in
                guard s.job === job else { return }
                s.finished.append(SweepResult(cell: cell, loss: loss))
                s.done += 1
            }
        }
    }
}
