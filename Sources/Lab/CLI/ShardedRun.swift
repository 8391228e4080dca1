import Foundation
import Models

/// What a run of a sweep's units leaves in its folder: the results of every complete unit there (this process's and a
/// resumed shard's), the parts shard 1 computes, and the shard's record.
struct UnitRun<Result> {
    var results: [Result]
    var parts: SweepParts?
    var record: ShardRecord
}

/// Runs a sweep's units into a folder as rows of cells.csv (see `CellLog`), with shard.json and, on shard 1,
/// parts.json. With `resume` a folder that already holds some of this shard's units runs only the missing ones (a
/// cut-short last row and the cells of unfinished units are dropped first); without it the folder starts over.
struct ShardedRun<U: SweepUnits> {
    let preset: Preset
    let units: U
    let shard: Shard
    let resume: Bool
    let outDir: URL
    /// A pool for these units (ascending), given the complete results already in the folder.
    let makePool: (_ units: [Int], _ done: [U.Result]) -> CellPool<U.Result>
    /// The parts that are not cells, if the sweep has any (run on shard 1 beside the cells).
    let makeParts: (@Sendable () -> SweepParts)?
    /// What the progress line counts ("cells", "curves").
    let unitName: String

    func run() throws -> UnitRun<U.Result> {
        let identity = SweepIdentity(preset)
        let cellsFile = outDir.appendingPathComponent(CellLog.file).path
        var kept: [U.Result] = []
        var storedParts: SweepParts?
        let old = resume ? try ShardRecord.read(in: outDir) : nil
        if let old {
            guard old.identity.hash == identity.hash, old.identity.preset == identity.preset, old.shard == shard else {
                throw ConfigError("\(outDir.path): holds shard \(old.shard.label) of '\(old.identity.preset)' (settings \(old.identity.hash)); "
                                  + "this run is shard \(shard.label) of '\(identity.preset)' (settings \(identity.hash)): use another --out folder")
            }
            if let read = try CellLog.read(in: outDir, header: units.header) {
                let decoded = try units.decode(read.rows, file: cellsFile).map(\.result)
                let done = units.completedUnits(decoded)
                kept = decoded.filter { done.contains(units.unit(of: $0)) }
            }
            if old.partsDone { storedParts = try SweepParts.read(in: outDir) }
        }
        let partsDone = storedParts != nil
        let owned = shard.units(of: units.unitCount)
        var done = units.completedUnits(kept)
        var record = ShardRecord(identity: identity, shard: shard, unitsOwned: owned.count)
        if let old {
            record.seconds = old.seconds
            record.cpuSeconds = old.cpuSeconds
        }
        record.unitsDone = owned.filter(done.contains).count
        record.partsDone = partsDone || makeParts == nil
        try record.write(in: outDir)
        let log = try CellLog(folder: outDir, header: units.header, keeping: kept.map(units.row))
        let toRun = Set(units.sharedUnits + owned).subtracting(done).sorted()
        let pool = makePool(toRun, kept)
        let parts = shard.k == 1 && !partsDone ? makeParts.map { BackgroundValue($0) } : nil
        var results = kept
        let clock = Stopwatch()
        var progress = ProgressLine(total: toRun.count, unit: unitName)
        var finished = 0
        /// Writes the cells the pool finished since the last call, counting the units they complete.
        func take() throws {
            let drained = pool.drain()
            try log.append(rows: drained.map(units.row))
            for r in drained {
                results.append(r)
                if units.completes(r) { finished += 1; done.insert(units.unit(of: r)) }
            }
        }
        pool.start()
        while finished < toRun.count {
            if Interrupt.requested { pool.cancel() }
            try take()
            progress.update(step: finished, fields: [("cells", "\(results.count)")])
            if Interrupt.requested { break }
            if finished < toRun.count { usleep(50_000) }
        }
        pool.wait()
        try take()
        progress.finish()
        var computed = storedParts
        if let parts {
            let value = parts.wait()
            if !Interrupt.requested {
                try value.write(in: outDir)
                record.partsDone = true
                computed = value
            }
        }
        let took = clock.read()
        record.unitsDone = owned.filter(done.contains).count
        record.seconds += took.seconds
        record.cpuSeconds += took.cpu
        record.threads = pool.threads
        try record.write(in: outDir)
        return UnitRun(results: results.filter { done.contains(units.unit(of: $0)) }, parts: computed, record: record)
    }
}

extension RunCommand {
    /// Runs a sweep's units (every one, or those of `--shard K/N`, resuming) into `outDir`; then, unless this is one
    /// shard of several, writes sweep.csv and fit.json with `finish`, as `lab merge` does for shards.
    func runSweepUnits<U: SweepUnits>(_ p: Preset, _ units: U, outDir: URL, unitName: String,
                                      makePool: @escaping ([Int], [U.Result]) -> CellPool<U.Result>,
                                      makeParts: (@Sendable () -> SweepParts)?,
                                      finish: (_ results: [U.Result], _ parts: SweepParts?, _ record: ShardRecord) throws -> Void) throws {
        let shard = try self.shard
        let run = try ShardedRun(preset: p, units: units, shard: shard ?? .whole, resume: shard != nil, outDir: outDir,
                                 makePool: makePool, makeParts: makeParts, unitName: unitName).run()
        if let s = shard, s.n > 1 {
            print(run.record.doneLine(outDir: outDir))
        } else {
            try finish(run.results, run.parts, run.record)
        }
        if Interrupt.requested { throw Interrupt.exitCode }
    }
}

extension ShardRecord {
    /// The line a shard prints when its units are done: what it ran and how to merge.
    func doneLine(outDir: URL) -> String {
        "\(identity.preset) shard \(shard.label): \(unitsDone)/\(unitsOwned) units in \(String(format: "%.1f", seconds)) s "
            + "(\(String(format: "%.1f", cpuSeconds)) CPU-s) -> \(outDir.path); when all \(shard.n) are done: lab merge DIR… --out DIR"
    }
}
