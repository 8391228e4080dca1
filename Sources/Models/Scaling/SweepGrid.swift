import Foundation

/// One training run of a sweep: a batch size, a learning rate and a seed.
public struct SweepCell: Sendable, Equatable, Hashable {
    public var batchIndex: Int
    public var lrIndex: Int
    public var seed: Int
    public var batch: Int
    public var lr: Float
    /// Which compute budget the cell belongs to (0 for a single-budget sweep).
    public var budget = 0
}

/// What a finished cell reports: its held-out loss, or the excess over the floor on the power-law task (NaN when the
/// run diverged), and there the gradient-noise scale at its end.
public struct SweepResult: Sendable, Equatable {
    public var cell: SweepCell
    public var loss: Float
    /// B_noise at the cell's final weights (`PowerLawTask.noiseScale`); NaN where the sweep does not measure it.
    public var noiseScale: Float

    public init(cell: SweepCell, loss: Float, noiseScale: Float = .nan) {
        self.cell = cell
        self.loss = loss
        self.noiseScale = noiseScale
    }

    public var diverged: Bool { !loss.isFinite }
}

/// The batch sizes × log-spaced learning rates × seeds of a sweep.
public struct SweepGrid: Sendable, Equatable {
    public var batches: [Int]
    public var lrs: [Float]
    public var seeds: Int

    public init(batches: [Int], lrs: [Float], seeds: Int) {
        precondition(!batches.isEmpty && !lrs.isEmpty && seeds > 0, "a sweep needs batches, learning rates and seeds")
        self.batches = batches
        self.lrs = lrs
        self.seeds = seeds
    }

    /// `count` learning rates evenly spaced in log between `min` and `max` inclusive.
    public static func logSpaced(min: Double, max: Double, count: Int) -> [Float] {
        logSpacedValues(min: min, max: max, count: count).map(Float.init)
    }

    /// `count` values evenly spaced in log between `min` and `max` inclusive, in Double (compute budgets need the digits).
    public static func logSpacedValues(min: Double, max: Double, count: Int) -> [Double] {
        guard count > 1 else { return [min] }
        let a = log10(min), b = log10(max)
        return (0..<count).map { pow(10, a + (b - a) * Double($0) / Double(count - 1)) }
    }

    /// Powers of two from `min` to `max` inclusive.
    public static func powersOfTwo(from min: Int, to max: Int) -> [Int] {
        var out: [Int] = []
        var b = Swift.max(1, min)
        while b <= max { out.append(b); b *= 2 }
        return out
    }

    public var count: Int { batches.count * lrs.count * seeds }

    /// Cells seed-major, then batch, then LR, so the first pass over every (batch, LR) finishes before the second seed starts.
    public func cell(_ index: Int, budget: Int = 0) -> SweepCell {
        let perSeed = batches.count * lrs.count
        let seed = index / perSeed
        let r = index % perSeed
        let bi = r / lrs.count, li = r % lrs.count
        return SweepCell(batchIndex: bi, lrIndex: li, seed: seed, batch: batches[bi], lr: lrs[li], budget: budget)
    }

    /// The index `cell(_:)` takes for `c` (its budget aside).
    public func index(of c: SweepCell) -> Int { (c.seed * batches.count + c.batchIndex) * lrs.count + c.lrIndex }

    public var cells: [SweepCell] { (0..<count).map { cell($0) } }
}

/// Results of a sweep so far, indexed [seed][batch][lr] (NaN: diverged; nil: not yet run).
public struct SweepTable: Sendable, Equatable {
    public let grid: SweepGrid
    public private(set) var losses: [[[Float?]]]
    /// The cells' noise scales, same indexing (NaN where not measured).
    public private(set) var noiseScales: [[[Float?]]]
    public private(set) var done = 0

    public init(grid: SweepGrid) {
        self.grid = grid
        losses = Array(repeating: Array(repeating: Array(repeating: nil, count: grid.lrs.count), count: grid.batches.count), count: grid.seeds)
        noiseScales = losses
    }

    public mutating func record(_ r: SweepResult) {
        if losses[r.cell.seed][r.cell.batchIndex][r.cell.lrIndex] == nil { done += 1 }
        losses[r.cell.seed][r.cell.batchIndex][r.cell.lrIndex] = r.loss
        noiseScales[r.cell.seed][r.cell.batchIndex][r.cell.lrIndex] = r.noiseScale
    }

    /// The table of seeds `seeds` alone (renumbered from 0): a seed-split check fits each half on its own.
    public func restricted(to seeds: Range<Int>) -> SweepTable {
        var t = SweepTable(grid: SweepGrid(batches: grid.batches, lrs: grid.lrs, seeds: seeds.count))
        for (n, s) in seeds.enumerated() {
            t.losses[n] = losses[s]
            t.noiseScales[n] = noiseScales[s]
        }
        t.done = t.losses.joined().joined().reduce(0) { $0 + ($1 == nil ? 0 : 1) }
        return t
    }

    /// Mean of log₁₀ noise scale over the seeds that finished, per (batch, lr); nil when none has a finite one.
    public func meanLogNoiseScale(batch bi: Int, lr li: Int) -> Double? {
        let logs = (0..<grid.seeds).compactMap { noiseScales[$0][bi][li] }.filter { $0.isFinite && $0 > 0 }.map { log10(Double($0)) }
        return logs.isEmpty ? nil : logs.reduce(0, +) / Double(logs.count)
    }

    public var isComplete: Bool { done == grid.count }

    /// Finished cells that diverged (`DivergenceRule`): NaN in sweep.csv, counted in fit.json.
    public var diverged: Int { losses.joined().joined().reduce(0) { $0 + ($1.map { $0.isFinite ? 0 : 1 } ?? 0) } }

    /// Mean of log₁₀ loss over the seeds that finished, per (batch, lr); NaN if any finished seed diverged, nil if none finished.
    public func meanLogLoss(batch bi: Int, lr li: Int) -> Double? {
        var sum = 0.0, n = 0
        for s in 0..<grid.seeds {
            guard let l = losses[s][bi][li] else { continue }
            guard l.isFinite && l > 0 else { return .nan }
            sum += log10(Double(l))
            n += 1
        }
        return n == 0 ? nil : sum / Double(n)
    }

    /// `sweep.csv`: one row per finished cell in grid order; diverged runs as `nan`.
    public var csv: String {
        var s = "batch,lr,seed,loss\n"
        for i in 0..<grid.count {
            let c = grid.cell(i)
            guard let l = losses[c.seed][c.batchIndex][c.lrIndex] else { continue }
            s += "\(c.batch),\(formatNumber(c.lr)),\(c.seed),\(l.isFinite ? formatNumber(l) : "nan")\n"
        }
        return s
    }
}
