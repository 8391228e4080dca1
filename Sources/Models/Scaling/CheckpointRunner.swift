import Foundation

/// The checkpointed compute sweep on a `CellPool`: the units to run (one per (seed, batch, LR)) are grouped into rows of
/// one (seed, batch), and each row is one `CheckpointedSGD` run over its LRs (ascending) that emits a result per LR at
/// every budget the batch reaches. Rows go seed-major, so the first seed's picture is whole early on the dashboard.
public final class CheckpointRunner: Sendable {
    public let pool: CellPool<SweepResult>
    /// (seed, batch index, LR indices) of each row.
    public let rows: [(seed: Int, batchIndex: Int, lrIndices: [Int])]

    /// `todo` (ascending unit indices of `units`) restricts the run to a shard's or a resume's units.
    public init(config: ScalingConfig, units: CellSweepUnits, todo: [Int]? = nil, threads: Int = 0) {
        precondition(config.checkpointed, "a checkpointed sweep runs the power-law task")
        let grid = config.grid
        var lanes: [Int: [Int]] = [:]
        for u in todo ?? Array(0..<units.unitCount) {
            let c = units.cell(u)
            lanes[c.seed * grid.batches.count + c.batchIndex, default: []].append(c.lrIndex)
        }
        let rows = lanes.keys.sorted().map { r in (seed: r / grid.batches.count, batchIndex: r % grid.batches.count, lrIndices: lanes[r]!.sorted()) }
        self.rows = rows
        let plan = units.checkpoints!, task = config.task, factor = Double(config.settings.divergenceFactor)
        let laneCount = grid.lrs.count, largest = grid.batches.max()!
        pool = CellPool(count: rows.count, threads: threads) { [rows] in
            let sgd = CheckpointedSGD(task: task.powerLaw, maxLanes: laneCount, maxBatch: largest)
            return { index, cancel, emit in
                let row = rows[index]
                let batch = grid.batches[row.batchIndex], checkpoints = plan[row.batchIndex]
                let probe = SweepCell(batchIndex: row.batchIndex, lrIndex: 0, seed: row.seed, batch: batch, lr: 0)
                var rng = ScalingWorker.dataRNG(task: task, cell: probe, shared: true)
                return sgd.run(batch: batch, lrs: row.lrIndices.map { grid.lrs[$0] }, checkpoints: checkpoints, rng: &rng,
                               divergenceFactor: factor, cancel: cancel) { k, lane, excess, noise in
                    let li = row.lrIndices[lane]
                    let cell = SweepCell(batchIndex: row.batchIndex, lrIndex: li, seed: row.seed, batch: batch, lr: grid.lrs[li],
                                         budget: checkpoints[k].budget)
                    emit(SweepResult(cell: cell, loss: Float(excess), noiseScale: Float(noise)))
                }
            }
        }
    }
}

extension ScalingConfig {
    /// The pool that runs `units` (the `todo` ones when given): checkpointed rows on the power-law task, else one
    /// `ScalingWorker` run per (budget, cell).
    public func makePool(_ units: CellSweepUnits, todo: [Int]? = nil) -> CellPool<SweepResult> {
        if checkpointed { return CheckpointRunner(config: self, units: units, todo: todo, threads: threads).pool }
        return SweepRunner(grid: grid, task: ScalingTask(task), budgets: budgets, threads: threads, units: todo, keys: units.keys).pool
    }
}
