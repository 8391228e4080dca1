import Foundation

/// Runs a sweep's units of work, by index, on a pool of worker threads and streams their results as they finish; each
/// thread builds its own worker (model, optimizer, buffers) once. A unit is one cell (the LR × batch sweep) or a row of
/// cells that decides as it goes which to run next (the muP sweep's walk along LR). BLAS stays single-threaded per call;
/// the threads give the parallelism. The UI polls `drain()`; nothing here waits for it.
public final class CellPool<Result: Sendable>: Sendable {
    /// Units of work this pool runs: `units` when given (a shard's, a resume's), else 0..<count.
    public let count: Int
    public let units: [Int]?
    public let threads: Int
    /// Builds one thread's runner: it does unit `index`, handing each result to `emit`; false when cancelled.
    public typealias RunnerFactory = @Sendable () -> (_ index: Int, _ cancel: CancelFlag, _ emit: (Result) -> Void) -> Bool
    private let makeRunner: RunnerFactory

    private struct State {
        var next = 0
        var finished: [Result] = []
        /// Units finished.
        var done = 0
        var job: Job?
        /// Workers take no new unit while held (the dashboard's pause); units running finish.
        var held = false
    }

    /// One start of the pool: its stop flag and the threads still running.
    private final class Job: Sendable {
        let cancel = CancelFlag()
        let group = DispatchGroup()
    }

    private let state = Locked(State())

    /// `threads` = 0 uses every core; `units` (ascending unit indices) restricts the pool to those units.
    public init(count: Int, units: [Int]? = nil, threads: Int = 0, makeRunner: @escaping RunnerFactory) {
        self.count = units?.count ?? count
        self.units = units
        self.threads = threads > 0 ? threads : ProcessInfo.processInfo.activeProcessorCount
        self.makeRunner = makeRunner
    }

    /// Starts (or restarts from the first cell); returns at once.
    public func start() {
        cancel()
        let job = Job()
        state.withLock { s in
            let held = s.held
            s = State()
            s.job = job
            s.held = held
        }
        BLAS.useSingleThread()
        for i in 0..<min(threads, count) {
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

    /// Stops the running cells between steps and waits for their threads; finished results stay drainable.
    public func cancel() {
        guard let job = state.withLock({ $0.job }) else { return }
        job.cancel.cancel()
        job.group.wait()
    }

    /// Blocks until every cell is done or the pool is cancelled.
    public func wait() {
        state.withLock { $0.job }?.group.wait()
    }

    /// Holds the workers between units (true) or lets them go on (false); a hold survives a restart.
    public func hold(_ on: Bool) { state.withLock { $0.held = on } }

    /// Results finished since the last call.
    public func drain() -> [Result] {
        state.withLock { s in
            defer { s.finished.removeAll(keepingCapacity: true) }
            return s.finished
        }
    }

    /// Units finished so far and the total.
    public var progress: (done: Int, total: Int) { (state.withLock { $0.done }, count) }

    public var isCancelled: Bool { state.withLock { $0.job }?.cancel.isCancelled ?? false }

    private func work(_ job: Job) {
        let run = makeRunner()
        while !job.cancel.isCancelled {
            if state.withLock({ $0.held }) {
                Thread.sleep(forTimeInterval: 0.02)
                continue
            }
            let index: Int? = state.withLock { s in
                guard s.job === job, s.next < count else { return nil }
                defer { s.next += 1 }
                return units?[s.next] ?? s.next
            }
            guard let index else { return }
            let completed = run(index, job.cancel) { result in
                state.withLock { s in if s.job === job { s.finished.append(result) } }
            }
            guard completed else { return }
            state.withLock { s in if s.job === job { s.done += 1 } }
        }
    }
}
