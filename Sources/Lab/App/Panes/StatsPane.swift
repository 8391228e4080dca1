import Models

/// The numbers behind the pictures, as the dashboard lists them, cut to the pane's height by priority.
struct StatsPane {
    let state: AppState
    var title = "stats"

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: title, focused: state.focus == .stats, glyphs: state.glyphs, info: state.presetName)
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        TextPanel(rows: Self.fit(state.statsRows, height: inner.height)).render(into: &buffer, area: inner)
    }

    /// Keys whose rows stay when the pane is short, most important first; the rest keep their order below them.
    static let priority = ["DIVERGED", "busy", "claim", "accum", "NCE", "kl", "MaxVio", "val excess", "teacher excess", "eps excess", "balance", "step", "mmd"]

    /// The rows that fit in `height`, in their natural order, chosen by `priority` when they do not all fit.
    static func fit(_ rows: [TextPanel.Row], height: Int) -> [TextPanel.Row] {
        guard rows.count > height, height > 0 else { return rows }
        func rank(_ r: TextPanel.Row) -> Int {
            let key = r.key.split(separator: " ").first.map(String.init) ?? r.key
            return priority.firstIndex(of: r.key) ?? priority.firstIndex(of: key) ?? priority.count
        }
        let keep = Set(rows.indices.sorted { (rank(rows[$0]), $0) < (rank(rows[$1]), $1) }.prefix(height))
        return rows.indices.filter(keep.contains).map { rows[$0] }
    }
}

/// A training dashboard's numbers: speed, optimizers, the held-out validation and the sample-quality measures; a
/// family adds its own rows (`extra` after the step, `method` after the measures) or replaces the quality rows.
struct TrainingStats {
    let state: AppState

    /// The divergence message and the step row, which every training dashboard starts with.
    var head: [TextPanel.Row] {
        (state.diverged.map { [TextPanel.Row("DIVERGED", $0, style: .warning)] } ?? []) + [stepRow]
    }

    func rows(extra: [TextPanel.Row] = [], quality: ((Evaluation) -> [TextPanel.Row])? = nil,
              method: (Evaluation) -> [TextPanel.Row] = { _ in [] }) -> [TextPanel.Row] {
        var rows = head
        let f = NumberFormat.readout
        if let busy = state.training.busy { rows.append(.init("busy", busy, style: .highlight)) }
        rows += extra
        if let phases = state.training.info?.phases, phases.count > 1, let p = state.training.phase {
            rows.append(.init("phase", "\(p)  (\((phases.firstIndex { $0.name == p } ?? 0) + 1)/\(phases.count))"))
        }
        rows += optimizerRows
        if let last = state.loss.last {
            rows.append(.init("loss", "\(f(last.loss))  EMA \(f(last.ema))"))
        }
        guard let e = state.training.evaluation else { return rows }
        if let prefix = state.training.info?.validationPrefix, let v = e[prefix + "val_loss"] {
            // "teacher excess", not "teacher val excess": a short label leaves the narrow pane room for the numbers.
            let label = prefix.isEmpty ? "val" : prefix.replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces)
            if let x = e[prefix + "val_excess"], let floor = e[prefix + "val_floor"] {
                rows.append(.init("\(label) excess", "\(f(x))  floor \(f(floor))"))
            } else {
                rows.append(.init(prefix.isEmpty ? "val loss" : "\(label) val loss", f(v)))
            }
        }
        rows += quality.map { $0(e) } ?? qualityRows(e)
        rows += method(e)
        if e.step < state.step { rows.append(.init("held-out", "as of step \(e.step)", style: .dim)) }
        for name in extraNames(e) {
            if let v = e[name] { rows.append(.init(name.replacingOccurrences(of: "_", with: " "), f(v))) }
        }
        return rows
    }

    private var stepRow: TextPanel.Row {
        let run = state.paused ? "paused" : "running"
        var text = "\(state.step)  \(NumberFormat.compact(state.stepsPerSecond.rounded()))/s  \(run)"
        if let total = state.training.info?.totalSteps, total > 0, state.step > total { text += "  (preset: \(total))" }
        return .init("step", text, style: state.paused ? .highlight : .normal)
    }

    /// One row for a single group; a row per group (the key target highlighted) when there are several.
    private var optimizerRows: [TextPanel.Row] {
        let groups = state.training.groups
        guard groups.count > 1 else {
            return [.init("optimizer", "\(state.optimizer.label)  lr \(NumberFormat.compact(Double(state.lr)))  batch \(state.batch)")]
        }
        let target = state.training.target
        return groups.map { g in
            let aimed = target == nil || target == g.name
            return .init(g.name, "\(g.kind.label)  lr \(NumberFormat.compact(Double(g.lr)))\(aimed ? "  ◂ keys" : "")",
                         style: aimed && target != nil ? .highlight : .normal)
        } + [.init("batch", "\(state.batch)")]
    }

    /// The headline's measures: kl with its floor; precision within 2σ and k-NN recall; then MMD² and SW1 with theirs.
    private func qualityRows(_ e: Evaluation) -> [TextPanel.Row] {
        let head = state.training.rawHeadline
        guard !head.isEmpty, let value = e[head] else { return [] }
        let f = NumberFormat.readout
        let base = QualityPane.baseName(head)
        let suffix = String(head.dropFirst(base.count))
        let floors = state.training.info?.floors ?? [:]
        func m(_ n: String) -> Double? { e[n + suffix] }
        var rows = [TextPanel.Row(QualityPane.label(head), f(value) + (floors[base].map { "  floor \(f($0))" } ?? ""))]
        if let averaged = e["ema_" + head] { rows.append(.init("EMA \(QualityPane.label(head))", f(averaged))) }
        var second: [String] = []
        if let p = m("precision_2sd") { second.append("2σ \(NumberFormat.percent(p))") }
        if let r = m("knn_recall") { second.append("recall \(f(r))") }
        if let x = m("excess_nll") { second.append("excess NLL \(f(x))") }
        if !second.isEmpty { rows.append(.init(" ", second.joined(separator: "  "))) }
        var third: [String] = []
        if let x = m("mmd"), base != "mmd" { third.append("MMD² \(f(x))" + (floors["mmd"].map { " (\(f($0)))" } ?? "")) }
        if let x = m("swd") { third.append("SW1 \(f(x))" + (floors["swd"].map { " (\(f($0)))" } ?? "")) }
        if !third.isEmpty { rows.append(.init(" ", third.joined(separator: "  "))) }
        return rows
    }

    /// Method-specific evaluation values (straightness, transport cost) by name.
    private func extraNames(_ e: Evaluation) -> [String] {
        e.names.filter { $0.hasPrefix("straightness") || $0.hasPrefix("transport") }
    }
}
