import Models

/// `accumulate`'s point in numbers: accumulating micro-batches gives the separable flow loss its batch's gradient (float
/// rounding), and InfoNCE's only by GradCache (naive accumulation is another gradient), over k = 2…16, each with the
/// step it was measured at. No rows when the evaluation has no accumulation check.
enum AccumulationRows {
    static let counts = [2, 4, 8, 16]

    static func rows(_ e: Evaluation) -> [TextPanel.Row] {
        let f = NumberFormat.readout, step = { (s: Double) in NumberFormat.compact(s) }
        let flow = counts.compactMap { e["accum_grad_relerr_\($0)"] }
        guard let worst = flow.max() else { return [] }
        // An 80-column pane cuts the tail: the value first, then its step, then k.
        var rows = [TextPanel.Row("accum flow", "\(f(worst))  step \(step(Double(e.step)))  (k 2…16)")]
        let exact = counts.compactMap { e["infonce_exact_relerr_\($0)"] }, naive = counts.compactMap { e["infonce_naive_relerr_\($0)"] }
        if let x = exact.max(), let lo = naive.min(), let hi = naive.max(), let s = e["infonce_step"] {
            rows.append(.init("NCE exact", "\(f(x))  step \(step(s))"))
            rows.append(.init("NCE naive", "\(f(lo))–\(f(hi)) (k 2…16)"))
        }
        return rows
    }
}
