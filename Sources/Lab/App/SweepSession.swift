import Models

/// A sweep's worker pool and a value computed once beside it (the LR × batch sweep's noise scale, muP's coordinate
/// check), started and restarted by the run loop (the impure side). A restart cancels both.
final class PoolSession<Result: Sendable, Extra: Sendable> {
    private var pool: CellPool<Result>?
    private var extra: BackgroundValue<Extra>?
    private var cancelExtra: CancelFlag?
    private var delivered = false
    /// Workers held between cells (space), kept across restarts.
    private var held = false

    /// Cancels what runs and starts `pool`, with `extra` on a background thread (it may stop early when cancelled).
    func start(_ pool: CellPool<Result>, extra: @escaping @Sendable (CancelFlag) -> Extra) {
        stop()
        let flag = CancelFlag()
        self.pool = pool
        cancelExtra = flag
        self.extra = BackgroundValue { extra(flag) }
        delivered = false
        pool.hold(held)
        pool.start()
    }

    /// Holds the workers between cells, or lets them go on.
    func setPaused(_ paused: Bool) {
        held = paused
        pool?.hold(paused)
    }

    /// Results finished since the last call.
    func drain() -> [Result] { pool?.drain() ?? [] }

    /// The extra value once it is ready (handed over once per start).
    func takeExtra() -> Extra? {
        guard !delivered, let v = extra?.value else { return nil }
        delivered = true
        return v
    }

    /// Cancels the pool and the extra value and joins both (the extra bounded: it checks its flag).
    func stop() {
        cancelExtra?.cancel()
        pool?.cancel()
        pool?.wait()
        extra?.wait(timeout: 2)
    }
}

/// The learning-rate × batch sweep: its cells and B_simple measured at the shared initialisation.
typealias SweepSession = PoolSession<SweepResult, GradientNoise>

extension PoolSession where Result == SweepResult, Extra == GradientNoise {
    func start(_ config: ScalingConfig) {
        let task = ScalingTask(config.task), examples = config.noiseExamples
        start(config.makePool(CellSweepUnits(config: config))) { _ in
            ScalingWorker(task: task).exactGradientNoise(examples: examples)
        }
    }
}

/// The muP width sweep in the dashboard's order (every curve's optimum early) and the coordinate check.
typealias MuPSession = PoolSession<MuPResult, CoordCheck?>

extension PoolSession where Result == MuPResult, Extra == CoordCheck? {
    func start(_ config: MuPConfig) {
        let data = config.data
        start(MuPWorker.livePool(config, data: data)) { cancel in CoordCheck.run(config, data: data, cancel: cancel) }
    }
}
