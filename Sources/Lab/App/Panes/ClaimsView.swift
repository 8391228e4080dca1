import Models

/// The preset's claims on the stats pane: each checked against the newest evaluation (the same names summary.json
/// uses), pending until the run reaches the preset's steps, or pointing at `lab claims` when only a headless run has
/// its metrics.
struct ClaimsView: Sendable {
    var claims: [Claim]
    /// The full budget: the preset's steps.
    var budget: Int
    /// Whether live evaluations can hold the claims' metrics at all (training dashboards).
    var live: Bool

    /// One row per claim, labelled `claim`, `claim 2`, …
    func rows(_ state: AppState) -> [TextPanel.Row] {
        let t = state.training
        let metrics = t.budgetEvaluation != nil ? t.budgetMetrics : t.lastMetrics
        return rows(preset: state.presetName, evaluation: t.budgetEvaluation ?? t.evaluation, step: state.step, glyphs: state.glyphs,
                    extras: metrics.map { m in Dictionary(zip(state.extraNames, m.extra.map(Double.init))) { a, _ in a } } ?? [:])
    }

    /// The rows of `preset`'s claims against its newest evaluation (nil: none yet).
    /// `step` is the training step now: before the first evaluation a pending row shows how far training has come.
    /// `extras` are the step metrics' extras (MaxVio, …) a claim may read beside the evaluation's measures.
    func rows(preset: String, evaluation: Evaluation?, step: Int = 0, glyphs: GlyphMode, extras: [String: Double] = [:]) -> [TextPanel.Row] {
        claims.enumerated().map { k, c in
            let (value, style) = row(c, preset: preset, evaluation: evaluation, step: step, unicode: glyphs.isUnicode, extras: extras)
            return TextPanel.Row(k == 0 ? "claim" : "claim \(k + 1)", value, style: style)
        }
    }

    /// How far a pending claim is: training towards the preset's steps, or past them while that step is measured.
    private func pending(_ step: Int) -> String {
        let b = NumberFormat.compact(Double(budget))
        return step < budget ? "pending step \(NumberFormat.compact(Double(step)))/\(b)" : "measuring step \(b)…"
    }

    /// The value and style of one claim's row.
    private func row(_ c: Claim, preset: String, evaluation: Evaluation?, step: Int, unicode: Bool,
                     extras: [String: Double]) -> (String, Style) {
        // The bar first (what the claim asks), then where its verdict comes from: short enough for an 80-column pane.
        let headless = ("\(c.bar) · lab claims", Style.dim)
        guard live else { return headless }
        guard let e = evaluation else { return (pending(step) + "  \(c.bar)", .dim) }
        let metrics = Dictionary(zip(e.names, e.values)) { _, last in last }.merging(extras) { measured, _ in measured }
        // Judged at the preset's steps exactly, as `lab claims` judges them (the trainer measures that step completely).
        let reached = e.step == budget && !e.isQuick
        guard c.measure.metrics.allSatisfy({ metrics[$0] != nil }) else {
            // Costly measures come with complete evaluations; one the run never reports is left to `lab claims`.
            return reached ? headless : (pending(max(step, e.step)) + "  \(c.bar)", .dim)
        }
        let outcome = c.judge(metrics, reached: reached)
        // The value with its bar, then the verdict: a narrow pane cuts the tail, so a pending row leads with its progress.
        let judged = "\(NumberFormat.readout(outcome.measured)) \(c.bar)"
        let at = NumberFormat.compact(Double(e.step))
        switch outcome.verdict {
        case .pending: return (pending(max(step, e.step)) + "  \(judged)", .normal)
        case .pass: return ("\(judged)  \(unicode ? "✓" : "ok")  step \(at)", .highlight)
        case .fail: return ("\(judged)  \(unicode ? "✗" : "FAIL")  step \(at)", .warning)
        }
    }
}

extension AppState {
    /// The stats pane's rows: the dashboard's own, then the preset's claims.
    var statsRows: [TextPanel.Row] { dashboard.statsRows(self) + claims.rows(self) }
}
