import CKernels
import Foundation

/// A thread that measures or pictures copies of the weights handed over between training steps, so a 17-second
/// evaluation never stalls training: a copy is handed over only while the thread is idle (latest wins, at most one
/// job in flight), and a running job can be cancelled (its results are then never delivered).
final class Evaluator: @unchecked Sendable {
    enum Job {
        case evaluate(curves: Bool, quick: Bool)
        case snapshot
        /// A headless run's evaluation, and the picture beside it when the run is recorded.
        case evaluateAndPicture(snapshot: Bool)
    }

    enum Result {
        case evaluated(Evaluation, started: Double, seconds: Double)
        case snapshot(Snapshot, started: Double, seconds: Double)
        case evaluatedAndPictured(Evaluation, Snapshot?)
    }

    /// What `submit` did.
    enum Handover {
        case started, busy
        /// The experiment cannot be copied: the caller does the job in place.
        case unavailable
    }

    private let name: String
    private let lock = NSLock()
    /// The copy the jobs run on: the worker's while `busy`, the submitter's (to refresh) otherwise.
    private var copy: Experiment?
    private var job: Job?
    private var busy = false
    private var quitting = false
    private var started = false
    private var results: [Result] = []
    private var jobsCPU = 0.0
    /// A job on a copy of its own, to run as soon as the worker is free (a claim's budget step: it must be measured).
    private var queued: (job: Job, copy: Experiment)?
    private let wake = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private let cancel = RearmableCancelFlag()
    /// Signalled whenever a job ends, for `waitUntilIdle`.
    private let idle = NSCondition()

    /// The thread's nice value (Linux schedules threads alone): above 0, it yields its core to the trainer.
    private let niceness: Int32

    init(name: String, niceness: Int32 = 0) {
        self.name = name
        self.niceness = niceness
    }

    func start() {
        lock.withLock { started = true }
        let t = Thread { [self] in
            if niceness != 0 { _ = ck_set_thread_nice(niceness) }
            run()
            done.signal()
        }
        t.name = name
        t.stackSize = 8 << 20
        t.start()
    }

    /// Refreshes the idle copy with `refresh` (on the caller's thread, between its steps) and starts `job` on it.
    func submit(_ job: Job, refresh: (Experiment?) -> Experiment?) -> Handover {
        lock.lock()
        defer { lock.unlock() }
        guard !busy && !quitting else { return .busy }
        guard let c = refresh(copy) else { return .unavailable }
        begin(job, on: c)
        return .started
    }

    /// Hands `job` on `copy` to the worker; the caller holds `lock` and the worker is idle.
    private func begin(_ job: Job, on copy: Experiment) {
        self.copy = copy
        self.job = job
        busy = true
        cancel.lower()
        wake.signal()
    }

    var isIdle: Bool { lock.withLock { !busy } }

    /// CPU seconds this thread spent in jobs so far (its own clock: what evaluating cost, apart from training).
    var cpuSeconds: Double { lock.withLock { jobsCPU } }

    /// Runs `job` on `copy` (taken at a step that must be measured) now: a running job is abandoned for it (its result
    /// is dropped), and a second one replaces a queued first.
    func submit(_ job: Job, on copy: Experiment) {
        lock.withLock {
            guard !quitting else { return }
            if busy {
                queued = (job, copy)
                cancel.raise()
            } else {
                begin(job, on: copy)
            }
        }
    }

    /// Blocks until the running job (if any) has ended (a headless run that needs this evaluation before going on).
    func waitUntilIdle() {
        idle.lock()
        while !isIdle { idle.wait() }
        idle.unlock()
    }

    /// The copy the last job ran on, while no job runs (a headless run's files at the step it was taken).
    var idleCopy: Experiment? { lock.withLock { busy ? nil : copy } }

    /// Finished jobs since the last call, oldest first.
    func takeResults() -> [Result] {
        lock.withLock {
            defer { results.removeAll() }
            return results
        }
    }

    /// Abandons the running job promptly (its sampling loops break out) and drops undelivered results.
    func cancelRunning() {
        lock.withLock {
            cancel.raise()
            results.removeAll()
            queued = nil
        }
    }

    /// Cancels the running job, ends the thread and joins it (bounded by `timeout`); true when it ended.
    @discardableResult
    func stop(timeout: Double) -> Bool {
        let wasStarted = lock.withLock {
            quitting = true
            cancel.raise()
            results.removeAll()
            return started
        }
        wake.signal()
        return !wasStarted || done.wait(timeout: .now() + timeout) == .success
    }

    private func run() {
        while true {
            wake.wait()
            let (quit, job, copy) = lock.withLock { (quitting, self.job, self.copy) }
            if quit { return }
            guard let job, let copy else { continue }
            let start = Clock.now(), cpuStart = Clock.threadCPUSeconds()
            let result: Result = EvaluationCancellation.with(cancel) {
                switch job {
                case .evaluate(let curves, let quick):
                    let e = quick ? copy.evaluateQuickly(curves: curves) : copy.evaluate(curves: curves)
                    return .evaluated(e, started: start, seconds: Clock.now() - start)
                case .snapshot:
                    let s = copy.snapshot()
                    return .snapshot(s, started: start, seconds: Clock.now() - start)
                case .evaluateAndPicture(let picture):
                    let e = copy.evaluate(curves: false)
                    return .evaluatedAndPictured(e, picture ? copy.snapshot() : nil)
                }
            }
            lock.withLock {
                jobsCPU += Clock.threadCPUSeconds() - cpuStart
                if !cancel.isRaised { results.append(result) }
                self.job = nil
                busy = false
                if let q = queued, !quitting {
                    queued = nil
                    begin(q.job, on: q.copy)
                }
            }
            idle.lock()
            idle.broadcast()
            idle.unlock()
        }
    }
}
