import Foundation

/// The compute-optimal batch and learning rate of one budget. At a fixed C every batch below the critical one trains
/// equally well (more steps of a smaller batch buy the same progress: measured flat here for SGD and Adam), so the loss
/// over B has no bowl to take the vertex of; B_opt is where the η-optimised loss leaves the near-optimal band
/// (within `near` of the best), interpolated in log B between the last column inside and the first outside — the
/// largest batch, i.e. the fewest steps, that costs nothing at this compute — and η_opt is η*(B) interpolated there.
public struct BudgetOptimum: Sendable, Equatable {
    public var flops: Double
    public var batch: Double
    public var lr: Double
    /// The batch with the lowest η-optimised loss, and that loss (seed-averaged log₁₀).
    public var bestBatch: Int
    public var bestLogLoss: Double
    /// Batches whose η-optimised loss is inside the band.
    public var nearBatches: [Int]
    /// The band reaches the largest batch, or η* there sits on the LR grid's edge: the true optimum may lie outside.
    public var atEdge: Bool
    /// The gradient-noise scale at the optimum, interpolated in log like η_opt (where the sweep measures it).
    public var noiseScale: Double?

    /// Where the band ends along `optima` (sorted by batch); nil before any batch has an optimum.
    public init?(optima: [BatchOptimum], flops: Double, near: Double) {
        let usable = optima.filter(\.bestLogLoss.isFinite).sorted { $0.batch < $1.batch }
        guard let best = usable.min(by: { $0.bestLogLoss < $1.bestLogLoss }) else { return nil }
        let cut = best.bestLogLoss + log10(1 + near)
        let k = usable.lastIndex { $0.bestLogLoss <= cut }!
        self.flops = flops
        bestBatch = best.batch
        bestLogLoss = best.bestLogLoss
        nearBatches = usable.filter { $0.bestLogLoss <= cut }.map(\.batch)
        let inside = usable[k]
        guard k + 1 < usable.count else {
            batch = Double(inside.batch)
            lr = inside.lr
            noiseScale = inside.noiseScale
            atEdge = true
            return
        }
        let outside = usable[k + 1]
        let t = (cut - inside.bestLogLoss) / (outside.bestLogLoss - inside.bestLogLoss)
        let lerp = { (a: Double, b: Double) in pow(10, log10(a) + t * (log10(b) - log10(a))) }
        batch = lerp(Double(inside.batch), Double(outside.batch))
        lr = lerp(inside.lr, outside.lr)
        if let a = inside.noiseScale, let b = outside.noiseScale { noiseScale = lerp(a, b) }
        atEdge = inside.atEdge || outside.atEdge
    }

    /// The optimum of one budget's table from its per-batch η*.
    public init?(table: SweepTable, flops: Double, near: Double, lrOptimum: LROptimum = .vertex) {
        self.init(optima: SweepAnalysis.batchOptima(table, lrOptimum: lrOptimum), flops: flops, near: near)
    }
}

/// What a compute-budget sweep says: the optimum per budget and the power laws η_opt(C), B_opt(C) through the interior
/// ones; where the sweep measures it, the noise scale at each optimum and its own law B_noise(C); and the same laws
/// fitted on each half of the seeds alone (`halves`), a check that the exponent is not one seed draw's.
public struct ComputeAnalysis: Sendable, Equatable {
    public var optima: [BudgetOptimum]
    public var lrLaw: PowerLaw?
    public var batchLaw: PowerLaw?
    /// B_noise(C) through the same interior budgets as B_opt(C); nil without noise scales.
    public var noiseLaw: PowerLaw?
    public let near: Double
    public let lrOptimum: LROptimum
    /// The seeds of each half and the analysis of each alone; empty with fewer than two seeds or without `splitSeeds`.
    public var halves: [(seeds: Range<Int>, analysis: ComputeAnalysis)] = []

    public init(tables: [SweepTable], flops: [Double], near: Double, lrOptimum: LROptimum = .vertex, splitSeeds: Bool = true) {
        self.near = near
        self.lrOptimum = lrOptimum
        optima = zip(tables, flops).compactMap { BudgetOptimum(table: $0, flops: $1, near: near, lrOptimum: lrOptimum) }
        let used = optima.filter { !$0.atEdge }
        lrLaw = PowerLaw.fit(used.map(\.flops), used.map(\.lr))
        batchLaw = PowerLaw.fit(used.map(\.flops), used.map(\.batch))
        let noisy = used.filter { $0.noiseScale != nil }
        noiseLaw = PowerLaw.fit(noisy.map(\.flops), noisy.map { $0.noiseScale! })
        let seeds = tables.first?.grid.seeds ?? 0
        if splitSeeds, seeds >= 2 {
            halves = [0..<(seeds / 2), (seeds / 2)..<seeds].map { r in
                (r, ComputeAnalysis(tables: tables.map { $0.restricted(to: r) }, flops: flops, near: near, lrOptimum: lrOptimum, splitSeeds: false))
            }
        }
    }

    public static func == (a: ComputeAnalysis, b: ComputeAnalysis) -> Bool {
        a.optima == b.optima && a.lrLaw == b.lrLaw && a.batchLaw == b.batchLaw && a.noiseLaw == b.noiseLaw && a.near == b.near
            && a.lrOptimum == b.lrOptimum && a.halves.map(\.seeds) == b.halves.map(\.seeds) && a.halves.map(\.analysis) == b.halves.map(\.analysis)
    }
}
