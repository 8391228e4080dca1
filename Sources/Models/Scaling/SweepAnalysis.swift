import Foundation

/// The optimal learning rate of one batch size, from the seed-averaged loss curve over log LR.
public struct BatchOptimum: Sendable, Equatable {
    public var batch: Int
    public var lr: Double
    /// Seed-averaged log₁₀ loss at the best grid LR.
    public var bestLogLoss: Double
    /// The best grid LR was the smallest or largest: the true optimum may lie outside, so fits leave it out.
    public var atEdge: Bool
    /// The noise scale at the best grid LR (10^ its seed-averaged log₁₀), where the sweep measures it.
    public var noiseScale: Double? = nil
}

/// How a batch's optimal LR is read off its row of learning rates.
public enum LROptimum: String, CaseIterable, Sendable {
    /// The vertex of the parabola through the best grid LR and its neighbours in log η: on a coarse grid (0.25 decade)
    /// it is biased, as the loss over log η is lopsided, and the bias moves the η-optimised loss by 20–60% across batches.
    case vertex
    /// The best grid LR itself, and the loss there: exact on its grid, unbiased, as fine as the grid (0.1 decade).
    case grid
}

/// What a (possibly partial) sweep says: optimum per batch, fitted slopes and the theory curves' parameters.
public struct SweepAnalysis: Sendable, Equatable {
    public var optima: [BatchOptimum]
    /// Slope of log η* vs log B over interior optima with B ≤ `smallBatchMax`.
    public var smallBatchSlope: Double?
    public var smallBatchIntercept: Double?
    /// Slope over the three largest batches with interior optima: near 0 once past the knee.
    public var largeBatchSlope: Double?
    public var sgd: SGDTheory?
    public var adam: AdamTheory?
    public var surge: AdamTheory?
    public let smallBatchMax: Int

    /// Where η* flattens: the B_noise of the fitted SGD form (η* at half its maximum).
    public var knee: Double? { sgd?.bNoise }

    public init(table: SweepTable, smallBatchMax: Int) {
        self.smallBatchMax = smallBatchMax
        optima = Self.batchOptima(table)
        let usable = optima.filter { !$0.atEdge }
        let small = usable.filter { $0.batch <= smallBatchMax }
        if let l = OptimumFit.line(small.map { log10(Double($0.batch)) }, small.map { log10($0.lr) }) {
            smallBatchSlope = l.slope
            smallBatchIntercept = l.intercept
        }
        let large = usable.suffix(3)
        largeBatchSlope = OptimumFit.line(large.map { log10(Double($0.batch)) }, large.map { log10($0.lr) })?.slope
        let bs = usable.map { Double($0.batch) }, etas = usable.map(\.lr)
        sgd = SGDTheory.fit(batches: bs, eta: etas)
        adam = AdamTheory.fit(batches: bs, eta: etas, surge: false)
        surge = AdamTheory.fit(batches: bs, eta: etas, surge: true)
    }

    /// η* of every batch whose LRs all have a result: the parabola's vertex in log η around the best grid LR, or with
    /// `.grid` the best grid LR itself; the loss is the best grid LR's either way.
    public static func batchOptima(_ table: SweepTable, lrOptimum: LROptimum = .vertex) -> [BatchOptimum] {
        let g = table.grid
        let logLR = g.lrs.map { log10(Double($0)) }
        return g.batches.indices.compactMap { bi in
            let row = g.lrs.indices.map { table.meanLogLoss(batch: bi, lr: $0) }
            guard row.allSatisfy({ $0 != nil }), let m = OptimumFit.minimum(xs: logLR, ys: row) else { return nil }
            let finite = row.indices.filter { row[$0]!.isFinite }
            let bestIndex = finite.min { row[$0]! < row[$1]! }!
            let x = lrOptimum == .grid ? logLR[bestIndex] : m.x
            return BatchOptimum(batch: g.batches[bi], lr: pow(10, x), bestLogLoss: row[bestIndex]!, atEdge: m.atEdge,
                                noiseScale: table.meanLogNoiseScale(batch: bi, lr: bestIndex).map { pow(10, $0) })
        }
    }

    /// `fit.json`'s body: optima, slopes, knee, theory parameters and the measured noise scale.
    public func json(noise: GradientNoise?, extra: JSONObject = JSONObject()) -> JSONObject {
        var o = extra
        var rows: [String] = []
        for p in optima {
            var r = JSONObject()
            r.set("batch", p.batch)
            r.set("lr", p.lr)
            r.set("log10_loss", p.bestLogLoss)
            r.set("at_edge", p.atEdge)
            rows.append(r.text(indent: 4))
        }
        o.set("optimal_lr", raw: "[\n    " + rows.joined(separator: ",\n    ") + "\n  ]")
        o.set("small_batch_max", smallBatchMax)
        o.set("small_batch_slope", smallBatchSlope ?? .nan)
        o.set("large_batch_slope", largeBatchSlope ?? .nan)
        o.set("knee", knee ?? .nan)
        if let n = noise {
            o.set("b_simple", n.bSimple)
            o.set("grad_squared", n.gradSquared)
            o.set("trace_sigma", n.traceSigma)
            if let k = knee { o.set("knee_over_b_simple", k / n.bSimple) }
        }
        if let s = sgd {
            var t = JSONObject()
            t.set("eta_max", s.etaMax)
            t.set("b_noise", s.bNoise)
            o.set("sgd_theory", object: t)
        }
        for (name, a) in [("adam_theory", adam), ("adam_surge_theory", surge)] {
            guard let a else { continue }
            var t = JSONObject()
            t.set("eta_scale", a.etaMax)
            t.set("kappa_squared", a.kappaSquared)
            t.set("pi_kappa2_over_2", a.kScale)
            if let bn = a.betaNoise { t.set("beta_noise", bn) }
            if let p = a.peakBatch { t.set("peak_batch", p) }
            o.set(name, object: t)
        }
        return o
    }
}
