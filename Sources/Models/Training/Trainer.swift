import Foundation

/// Runs an experiment on its own thread, taking commands between steps and publishing what it learns.
///
/// Quick evaluations, complete ones and live pictures run on three worker threads (`Evaluator`), each on its own copy
/// of the weights taken between two steps (`Experiment.evaluationCopy`): training never waits for them, a copy is
/// handed over only when its worker is idle, and an evaluation's divergence verdict is applied at the next step
/// boundary. `stop()` cancels the workers' sampling loops and joins all four threads. An experiment that cannot be
/// copied is evaluated in place.
public final class Trainer: @unchecked Sendable {
    public let channel = TrainerChannel()
    /// Owned by the trainer thread once `start()` is called.
    private let experiment: Experiment
    private let startPaused: Bool
    private let done = DispatchSemaphore(value: 0)
    /// Raised by `stop()`: the trainer thread's long computations (a teacher's coupling, an inline evaluation) check it
    /// as the evaluators' do, so a quit never waits for one to finish.
    private let quitting = RearmableCancelFlag()
    /// Quick evaluations, complete ones and live pictures each on a thread of their own, below the trainer's priority:
    /// on 2 cores the trainer keeps one and they share the other (`Evaluator`).
    private let evaluator = Evaluator(name: "evaluator", niceness: 5)
    private let completer = Evaluator(name: "complete", niceness: 19)
    private let painter = Evaluator(name: "snapshots", niceness: 5)
    private var workers: [Evaluator] { [evaluator, completer, painter] }
    /// Live pictures may take at most this share of their worker's time (they compete with training for a core).
    public var snapshotBudget = 0.1
    public var minSnapshotInterval = 0.15
    /// Quick evaluations (measures, validation, quality-vs-steps curves) may take at most this share of their worker's
    /// time, never more often than `minEvaluationInterval`: complete ones, at the lowest priority, run in the rest.
    public var evaluationBudget = 0.75
    public var minEvaluationInterval = 0.5
    /// At most this long between evaluations, so the charts stay live whatever an evaluation costs.
    public var maxEvaluationInterval = 5.0

    /// The longest gap between two consecutive training steps while running, and the steps counted (`lab bench --live`).
    private let timing = Locked<(maxGap: Double, steps: Int)>((0, 0))
    public var stepTiming: (maxGap: Double, steps: Int) { timing.withLock { $0 } }
    public func resetStepTiming() { timing.withLock { $0 = (0, 0) } }

    /// A step at which training pauses by itself, once (a preset whose story ends at its `steps`: the EMA demo).
    public var pauseAt: Int?
    /// A step measured completely whatever the pace, on a copy of its own (the preset's claims are judged there, as
    /// `lab claims` judges them).
    public var evaluateAt: Int?
    /// At least this long between two complete evaluations (1000-step samplers, exact models, likelihoods, extras),
    /// which run back to back on their own thread while quick ones (`Experiment.evaluateQuickly`) keep the charts live.
    public var minCompleteInterval = 1.0

    public init(experiment: Experiment, startPaused: Bool = false) {
        self.experiment = experiment
        self.startPaused = startPaused
    }

    /// Starts the threads; returns at once.
    public func start() {
        workers.forEach { $0.start() }
        let t = Thread { [self] in
            EvaluationCancellation.with(quitting) { run() }
            // Joined before `stop()` returns: no worker is left inside BLAS when the process exits.
            workers.forEach { $0.stop(timeout: 2) }
            done.signal()
        }
        t.name = "trainer"
        t.stackSize = 8 << 20
        t.start()
    }

    public func send(_ command: TrainerCommand) { channel.send(command) }

    /// Cancels any running evaluation, asks the threads to stop and waits for all of them (bounded by `timeout`).
    @discardableResult
    public func stop(timeout: Double = 5) -> Bool {
        requestStop()
        return join(timeout: timeout)
    }

    /// Waits for the threads that `requestStop()` asked to stop (bounded by `timeout`); true when all have.
    @discardableResult
    public func join(timeout: Double = 5) -> Bool { done.wait(timeout: .now() + timeout) == .success }

    /// Cancels and asks the threads to stop without waiting: a race asks both of its trainers before joining either.
    public func requestStop() {
        quitting.raise()
        workers.forEach { $0.cancelRunning() }
        channel.send(.quit)
    }

    private func run() {
        var running = !startPaused
        var pendingSteps = 0
        var nextSnapshot = 0.0
        var forceSnapshot = true
        var nextEvaluation = 0.0
        var evaluatedStep = -1
        var firstEvaluation = true
        var nextComplete = 0.0
        var completedStep = -1
        var pinned = false
        /// The claims' step is being measured: quick evaluations wait, so it has the second core to itself.
        var measuringClaims = false
        let channel = channel
        let experiment = experiment
        // The step-0 baseline comes from the first evaluation (of step 0) on the evaluator: measuring it here would cost
        // the trainer a whole extra evaluation for methods whose validation is one of their extras (cfg: 8 s).
        var rule = DivergenceRule(baseline: nil)
        /// The last evaluation broke the rule's validation bound (it pauses once per crossing, not at every evaluation).
        var aboveBound = false
        let diverge = { (step: Int, why: String) in
            running = false
            pendingSteps = 0
            channel.publish(event: .diverged(step: step, message: why + ": paused; reset (r) or lower the LR (-)"))
            channel.publish(event: .paused(true))
        }
        /// Publishes an evaluation and applies its divergence verdict (at this step boundary).
        let judge = { (e: Evaluation) in
            channel.publish(event: .evaluated(e))
            let name = experiment.info.validationLossName
            if e.step == 0, rule.baseline == nil, let name, let v = e[name] { rule = DivergenceRule(baseline: v) }
            let why = rule.verdict(e, validationName: name)
            if let why, !aboveBound { diverge(e.step, why) }
            aboveBound = why != nil
        }
        /// When the next evaluation may start, given when the last started and what it cost.
        let pace = { [self] (started: Double, cost: Double) in
            // The first (step 0) also measures frozen models once (an exact sampler): it sets no pace, and the second
            // follows at once, so a validation loss that spikes in the first steps reaches the divergence rule.
            let wait = firstEvaluation ? 0 : max(minEvaluationInterval, cost / evaluationBudget)
            firstEvaluation = false
            nextEvaluation = started + min(maxEvaluationInterval, wait)
        }
        let progress: (String?) -> Void = { channel.publish(event: .busy($0)) }
        experiment.progress = progress
        let copyForEvaluation = { (previous: Experiment?) -> Experiment? in
            let c = experiment.evaluationCopy(refreshing: previous)
            c?.progress = progress
            return c
        }
        channel.publish(event: .info(experiment.info))
        channel.publish(event: .groups(experiment.groupStatus))
        channel.publish(event: .paused(!running))
        // Raised before training (a teacher loaded from the cache).
        for e in experiment.takeEvents() { channel.publish(event: e) }
        var lastStepEnd: Double?
        loop: while true {
            for command in channel.takeCommands() {
                switch command {
                case .quit:
                    break loop
                case .pause:
                    running = false
                    channel.publish(event: .paused(true))
                case .resume:
                    guard experiment.isFinite else {
                        channel.publish(event: .notice("parameters are not finite: reset (r) or lower the learning rate"))
                        channel.publish(event: .paused(true))
                        continue
                    }
                    running = true
                    channel.publish(event: .paused(false))
                case .stepOnce:
                    pendingSteps += 1
                default:
                    do {
                        for e in try experiment.apply(command) {
                            channel.publish(event: e)
                            if case .reset = e {
                                // Measures of the old weights would land after the reset: drop them.
                                workers.forEach { $0.cancelRunning() }
                                pendingSteps = 0
                                evaluatedStep = -1
                                completedStep = -1
                                pinned = false
                                measuringClaims = false
                                nextComplete = 0
                                rule = DivergenceRule(baseline: nil)
                                aboveBound = false
                            }
                        }
                        forceSnapshot = true
                    } catch {
                        channel.publish(event: .notice("\(error)"))
                    }
                }
            }
            for r in evaluator.takeResults() {
                guard case .evaluated(let e, let started, let cost) = r else { continue }
                judge(e)
                pace(started, cost)
            }
            for r in completer.takeResults() {
                guard case .evaluated(let e, let started, _) = r else { continue }
                judge(e)
                nextComplete = started + minCompleteInterval
                if e.step == evaluateAt { measuringClaims = false }
            }
            for r in painter.takeResults() {
                guard case .snapshot(let s, let started, let cost) = r else { continue }
                channel.publish(snapshot: s)
                nextSnapshot = started + max(minSnapshotInterval, cost / snapshotBudget)
            }
            // Copies are handed over before the step, so the first evaluation measures step 0.
            var handedOver = false
            if experiment.isFinite && (forceSnapshot || (running && Clock.now() >= nextSnapshot)) {
                switch painter.submit(.snapshot, refresh: { experiment.evaluationCopy(refreshing: $0) }) {
                case .started:
                    forceSnapshot = false
                    handedOver = true
                case .busy:
                    break
                case .unavailable:
                    forceSnapshot = false
                    let start = Clock.now()
                    channel.publish(snapshot: experiment.snapshot())
                    let cost = Clock.now() - start
                    nextSnapshot = Clock.now() + max(minSnapshotInterval, cost / 0.03)
                }
            }
            // The claims' step is measured completely on a copy of its own, whatever runs.
            if let at = evaluateAt, !pinned, experiment.step == at, experiment.isFinite {
                pinned = true
                evaluatedStep = at
                if let c = copyForEvaluation(nil) {
                    completer.submit(.evaluate(curves: true, quick: false), on: c)
                    completedStep = at
                    measuringClaims = true
                } else {
                    judge(experiment.evaluate(curves: true))
                }
            }
            // Complete evaluations back to back on their thread, and once more whenever training stops at a new step.
            let stoppedAtNewStep = !running && pendingSteps == 0 && completedStep != experiment.step
            if experiment.isFinite && (stoppedAtNewStep || (running && Clock.now() >= nextComplete)) {
                let step = experiment.step
                if case .started = completer.submit(.evaluate(curves: true, quick: false), refresh: copyForEvaluation) {
                    completedStep = step
                    handedOver = true
                    nextComplete = .infinity
                }
            }
            // Quick evaluations within the pace while running, and once more whenever training stops at a new step
            // (in place, complete, when the experiment cannot be copied).
            let idleAtNewStep = !running && pendingSteps == 0 && evaluatedStep != experiment.step
            if experiment.isFinite && !measuringClaims && (idleAtNewStep || (running && Clock.now() >= nextEvaluation)) {
                let step = experiment.step
                switch evaluator.submit(.evaluate(curves: true, quick: true), refresh: copyForEvaluation) {
                case .started:
                    evaluatedStep = step
                    handedOver = true
                    // Until this one reports its cost, wait at least the minimum interval.
                    nextEvaluation = Clock.now() + minEvaluationInterval
                case .busy:
                    break
                case .unavailable:
                    let start = Clock.now()
                    judge(experiment.evaluate(curves: true))
                    evaluatedStep = step
                    pace(start, Clock.now() - start)
                }
            }
            if running || pendingSteps > 0 {
                let m = experiment.trainStep()
                pendingSteps = max(0, pendingSteps - 1)
                channel.publish(m)
                for e in experiment.takeEvents() { channel.publish(event: e) }
                // Parameters are scanned every 64 steps (a non-finite loss shows at once).
                if let why = rule.verdict(step: m.step, loss: m.loss, parametersFinite: m.step % 64 != 0 || experiment.isFinite) {
                    diverge(m.step, why)
                }
                if let stop = pauseAt, m.step == stop, running {
                    running = false
                    channel.publish(event: .paused(true))
                    channel.publish(event: .notice("the preset's \(stop) steps are done: space trains on"))
                }
                if pendingSteps == 0 && !running { forceSnapshot = true }
                let now = Clock.now()
                if running, let last = lastStepEnd { timing.withLock { $0 = (max($0.maxGap, now - last), $0.steps + 1) } }
                lastStepEnd = running ? now : nil
            } else if !handedOver {
                channel.waitForCommand(timeout: 0.02)
            }
        }
    }
}
