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
            atEdge = true
            return
        }
        let outside = usable[k + 1]
        let t = (cut - inside.bestLogLoss) / (outside.bestLogLoss - inside.bestLogLoss)
        let lerp = { (a: Double, b: Double) in pow(10, log10(a) + t * (log10(b) - log10(a))) }
        batch = lerp(Double(inside.batch), Double(outside.batch))
        lr = lerp(inside.lr, outside.lr)
        atEdge = inside.atEdge || outside.atEdge
    }

    /// The optimum of one budget's table from its per-batch η*.
    public init?(table: SweepTable, flops: Double, near: Double) {
        self.init(optima: SweepAnalysis.batchOptima(table), flops: flops, near: near)
    }
}

/// What a compute-budget sweep says: the optimum per budget and the power laws η_opt(C), B_opt(C) through the interior ones.
public struct ComputeAnalysis: Sendable, Equatable {
    public var optima: [BudgetOptimum]
    public var lrLaw: PowerLaw?
    public var batchLaw: PowerLaw?
    public let near: Double

    public init(tables: [SweepTable], flops: [Double], near: Double) {
        self.near = near
        optima = zip(tables, flops).compactMap { BudgetOptimum(table: $0, flops: $1, near: near) }
        let used = optima.filter { !$0.atEdge }
        lrLaw = PowerLaw.fit(used.map(\.flops), used.map(\.lr))
        batchLaw = PowerLaw.fit(used.map(\.flops), used.map(\.batch))
    }

    /// `fit.json`'s body for a compute sweep: optima per budget, both laws with intervals, and DeepSeek's beside them.
    public func json(extra: JSONObject = JSONObject()) -> JSONObject {
        var o = extra
        let rows = optima.map { p -> String in
            var r = JSONObject()
            r.set("flops", p.flops)
            r.set("lr", p.lr)
            r.set("batch", p.batch)
            r.set("best_batch", p.bestBatch)
            r.set("best_log10_loss", p.bestLogLoss)
            r.set("near_optimal_batches", raw: "[" + p.nearBatches.map(String.init).joined(separator: ", ") + "]")
            r.set("at_edge", p.atEdge)
            return r.text(indent: 4)
        }
        o.set("near_optimal", near)
        o.set("optima", raw: "[\n    " + rows.joined(separator: ",\n    ") + "\n  ]")
        for (name, law, ref) in [("lr_law", lrLaw, PowerLaw.deepSeekLR), ("batch_law", batchLaw, PowerLaw.deepSeekBatch)] {
            var t = JSONObject()
            if let law {
                t.set("coefficient", law.coefficient)
                t.set("exponent", law.exponent)
                t.set("exponent_95_low", law.interval?.lowerBound ?? .nan)
                t.set("exponent_95_high", law.interval?.upperBound ?? .nan)
                t.set("budgets", law.points)
            }
            t.set("deepseek_coefficient", ref.coefficient)
            t.set("deepseek_exponent", ref.exponent)
            o.set(name, object: t)
        }
        return o
    }
}
