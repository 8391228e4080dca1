import Foundation

extension ComputeAnalysis {
    /// `fit.json`'s body for a compute sweep: optima per budget (with the noise scale there, where measured), both laws
    /// with intervals beside DeepSeek's constants, B_noise(C), and each seed half's laws.
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
            if let n = p.noiseScale {
                r.set("b_noise", n)
                r.set("b_opt_over_b_noise", p.batch / n)
            }
            return r.text(indent: 4)
        }
        o.set("near_optimal", near)
        o.set("lr_optimum", lrOptimum.rawValue)
        o.set("optima", raw: "[\n    " + rows.joined(separator: ",\n    ") + "\n  ]")
        for (name, law, ref) in [("lr_law", lrLaw, PowerLaw.deepSeekLR), ("batch_law", batchLaw, PowerLaw.deepSeekBatch)] {
            var t = Self.lawJSON(law)
            t.set("deepseek_coefficient", ref.coefficient)
            t.set("deepseek_exponent", ref.exponent)
            o.set(name, object: t)
        }
        if optima.contains(where: { $0.noiseScale != nil }) {
            var t = Self.lawJSON(noiseLaw)
            t.set("definition", "B_noise = 1 + (e'He + sigma^2) tr H / |He|^2 at each budget's optimum (tr Sigma / |G|^2, exact for Gaussian inputs)")
            let ratios = optima.filter { !$0.atEdge }.compactMap { p in p.noiseScale.map { log10(p.batch / $0) } }
            if !ratios.isEmpty { t.set("b_opt_over_b_noise_geometric_mean", pow(10, ratios.reduce(0, +) / Double(ratios.count))) }
            o.set("noise_law", object: t)
        }
        if halves.count == 2 {
            var t = JSONObject()
            t.set("rule", "each half of the seeds fitted alone, the same way")
            for (tag, half) in zip(["a", "b"], halves) {
                var h = JSONObject()
                h.set("seeds", raw: "[" + half.seeds.map(String.init).joined(separator: ", ") + "]")
                h.set("batch_law", object: Self.lawJSON(half.analysis.batchLaw))
                h.set("lr_law", object: Self.lawJSON(half.analysis.lrLaw))
                if half.analysis.noiseLaw != nil { h.set("noise_law", object: Self.lawJSON(half.analysis.noiseLaw)) }
                t.set("half_" + tag, object: h)
            }
            let exponents = halves.compactMap { $0.analysis.batchLaw?.exponent }
            t.set("min_batch_exponent", exponents.count == 2 ? exponents.min()! : .nan)
            o.set("seed_split", object: t)
        }
        return o
    }

    /// A fitted law's coefficient, exponent, 95% interval and budget count (empty when there is no law).
    static func lawJSON(_ law: PowerLaw?) -> JSONObject {
        var t = JSONObject()
        guard let law else { return t }
        t.set("coefficient", law.coefficient)
        t.set("exponent", law.exponent)
        t.set("exponent_95_low", law.interval?.lowerBound ?? .nan)
        t.set("exponent_95_high", law.interval?.upperBound ?? .nan)
        t.set("budgets", law.points)
        return t
    }
}
