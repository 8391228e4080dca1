import Foundation

/// Runs an experiment on its own thread, taking commands between steps and publishing what it learns.
public final class Trainer: @unchecked Sendable {
    public let channel = TrainerChannel()
    /// Owned by the trainer thread once `start()` is called.
    private let experiment: Experiment
    private let startPaused: Bool
    private let done = DispatchSemaphore(value: 0)
    /// Snapshots may take at most this share of the trainer's time (sampling competes with training).
    public var snapshotBudget = 0.03
    public var minSnapshotInterval = 0.15
    /// Held-out evaluations (measures, validation, quality-vs-steps curves) may take at most this share.
    public var evaluationBudget = 0.10
    public var minEvaluationInterval = 0.5
    /// At most this long between evaluations, so the charts stay live whatever an evaluation costs.
    public var maxEvaluationInterval = 5.0

    public init(experiment: Experiment, startPaused: Bool = false) {
        self.experiment = experiment
        self.startPaused = startPaused
    }

    /// Starts the thread; returns at once.
    public func start() {
        let t = Thread { [self] in
            run()
            done.signal()
        }
        t.name = "trainer"
        t.stackSize = 8 << 20
        t.start()
    }

    public func send(_ command: TrainerCommand) { channel.send(command) }

    /// Asks the thread to stop and waits for it (bounded by `timeout`).
    @discardableResult
    public func stop(timeout: Double = 5) -> Bool {
        channel.send(.quit)
        return done.wait(timeout: .now() + timeout) == .success
    }

    private func run() {
        var running = !startPaused
        var pendingSteps = 0
        var nextSnapshot = 0.0
        var forceSnapshot = true
        var nextEvaluation = 0.0
        var evaluatedStep = -1
        var firstEvaluation = true
        let channel = channel
        var rule = DivergenceRule(experiment)
        /// The last evaluation broke the rule's validation bound (it pauses once per crossing, not at every evaluation).
        var aboveBound = false
        let diverge = { (step: Int, why: String) in
            running = false
            pendingSteps = 0
            channel.publish(event: .diverged(step: step, message: why + ": paused; reset (r) or lower the LR (-)"))
            channel.publish(event: .paused(true))
        }
        experiment.progress = { channel.publish(event: .busy($0)) }
        channel.publish(event: .info(experiment.info))
        channel.publish(event: .groups(experiment.groupStatus))
        channel.publish(event: .paused(!running))
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
                                pendingSteps = 0
                                evaluatedStep = -1
                                rule = DivergenceRule(experiment)
                                aboveBound = false
                            }
                        }
                        forceSnapshot = true
                    } catch {
                        channel.publish(event: .notice("\(error)"))
                    }
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
                if pendingSteps == 0 && !running { forceSnapshot = true }
            } else if !forceSnapshot {
                channel.waitForCommand(timeout: 0.05)
            }
            let now = Self.seconds()
            if forceSnapshot || (running && now >= nextSnapshot) {
                forceSnapshot = false
                let start = Self.seconds()
                if experiment.isFinite { channel.publish(snapshot: experiment.snapshot()) }
                let cost = Self.seconds() - start
                nextSnapshot = Self.seconds() + max(minSnapshotInterval, cost / snapshotBudget)
            }
            // Evaluate within the budget while running, and once more whenever training stops at a new step.
            let idleAtNewStep = !running && pendingSteps == 0 && evaluatedStep != experiment.step
            if experiment.isFinite && (idleAtNewStep || (running && Self.seconds() >= nextEvaluation)) {
                let start = Self.seconds()
                let e = experiment.evaluate(curves: true)
                channel.publish(event: .evaluated(e))
                evaluatedStep = experiment.step
                let why = rule.verdict(e, validationName: experiment.info.validationLossName)
                if let why, !aboveBound { diverge(e.step, why) }
                aboveBound = why != nil
                let cost = Self.seconds() - start
                // The first evaluation also measures frozen models once (an exact sampler): it sets no pace.
                let wait = firstEvaluation ? minEvaluationInterval : max(minEvaluationInterval, cost / evaluationBudget)
                firstEvaluation = false
                nextEvaluation = Self.seconds() + min(maxEvaluationInterval, wait)
            }
        }
    }

    public static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
