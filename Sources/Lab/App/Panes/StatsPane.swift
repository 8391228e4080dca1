import Models

/// The numbers behind the pictures: speed, optimizer settings, validation loss against its floor, sample quality.
struct StatsPane {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        let block = Block(title: "stats", focused: state.focus == .stats, glyphs: state.glyphs, info: state.presetName)
        let inner = block.render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        TextPanel(rows: rows()).render(into: &buffer, area: inner)
    }

    func rows() -> [TextPanel.Row] {
        if let moe = state.moe {
            let last = { (s: [(x: Double, y: Double)]) in s.last.map { Float($0.y) } }
            return [.init("step", "\(state.step)  \(state.paused ? "paused" : "running")  \(NumberFormat.compact(state.stepsPerSecond.rounded())) steps/s")]
                + moeStatsRows(strategy: moe.balance, alpha: moe.alpha, u: moe.u, maxVio: last(moe.batchMaxVio),
                               globalMaxVio: last(moe.globalMaxVio), flowLoss: state.loss.last.map { Float($0.ema) })
        }
        var rows: [TextPanel.Row] = []
        if let d = state.diverged {
            rows.append(.init("DIVERGED", d, style: .warning))
        }
        let run = state.paused ? "paused" : "running"
        rows.append(.init("step", "\(state.step)  \(run)  \(NumberFormat.compact(state.stepsPerSecond.rounded())) steps/s",
                          style: state.paused ? .highlight : .normal))
        rows.append(.init("optimizer", "\(state.optimizer.label)  lr \(NumberFormat.compact(Double(state.lr)))  batch \(state.batch)"))
        if let last = state.loss.last {
            rows.append(.init("loss", "\(NumberFormat.compact(last.loss))  EMA \(NumberFormat.compact(last.ema))"))
        }
        if let e = state.snapshot?.evaluation {
            if let v = e["val_loss"] {
                var text = NumberFormat.compact(v)
                if let f = e["val_floor"], let x = e["val_excess"] {
                    text += "  = floor \(NumberFormat.compact(f)) + \(NumberFormat.compact(x))"
                }
                rows.append(.init("val loss", text))
            }
            if let s1 = e["swd_1"] {
                var one = "SW1 \(NumberFormat.compact(s1))"
                if let m = e["modes_1"] { one += "  modes \(Int(m))/8" }
                if let p = e["precision_1"] { one += "  near \(Int((p * 100).rounded()))%" }
                rows.append(.init("1 step", one))
            }
            var quality = ""
            if let s = e["swd"] { quality += "SW1 \(NumberFormat.compact(s))" }
            if let m = e["modes"] { quality += "  \(Int(m))/\(state.dataset.mixture?.centres.count ?? 0) modes" }
            if let p = e["precision"] { quality += "  \(Int((p * 100).rounded()))% near" }
            if !quality.isEmpty { rows.append(.init("samples", quality)) }
            if let s = e["straightness"] { rows.append(.init("straightness", NumberFormat.compact(s))) }
        }
        return rows
    }
}
