import Models

/// Training progress where it shows: the validation excess E‖v − v*‖² over the exact floor on a log axis when
/// the dataset has one (the raw loss sits on its floor after ~1000 steps), else the validation loss; the raw
/// batch loss and its EMA in a linear strip of their own below (they cannot share an axis with the excess).
struct LossPane {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        let main = mainSeries
        let block = Block(title: main?.title ?? "loss", focused: state.focus == .loss, glyphs: state.glyphs,
                          info: main.map { $0.log ? "log y · held-out" : "held-out" } ?? "batch loss")
        let waiting = state.loss.raw.isEmpty ? (state.training.busy ?? "waiting for the first step…") : nil
        guard let inner = block.content(into: &buffer, area: area, waiting: waiting) else { return }
        guard let main, inner.height >= 8 else {
            if let main, !main.points.isEmpty { chart(main).render(into: &buffer, area: inner) } else { strip.render(into: &buffer, area: inner) }
            return
        }
        let stripRows = max(4, inner.height / 3)
        let (top, bottom) = inner.splitBottom(stripRows)
        if main.points.isEmpty {
            buffer.write("evaluating…", x: top.x, y: top.y, style: .dim, maxWidth: top.width)
        } else {
            chart(main).render(into: &buffer, area: top)
        }
        let (caption, plot) = bottom.splitTop(1)
        if let last = state.loss.last {
            let f = NumberFormat.readout
            buffer.write("batch loss \(f(last.loss)) · EMA \(f(last.ema)) · linear y", x: caption.x, y: caption.y, style: .label, maxWidth: caption.width)
        }
        var s = strip
        s.showLegend = false
        s.render(into: &buffer, area: plot)
    }

    /// The held-out curve: name, points, and whether it is on a log axis.
    private var mainSeries: (title: String, name: String, points: [(x: Double, y: Double)], log: Bool)? {
        guard let info = state.training.info, let prefix = info.validationPrefix else { return nil }
        let who = prefix.isEmpty ? "" : prefix.replacingOccurrences(of: "_", with: " ")
        if info.hasFloor {
            return ("\(who)val excess over floor", "excess", state.training.history[prefix + "val_excess"], true)
        }
        return ("\(who)val loss", "val loss", state.training.history[prefix + "val_loss"], false)
    }

    private func chart(_ m: (title: String, name: String, points: [(x: Double, y: Double)], log: Bool)) -> LineChart {
        var series = [LineChart.Series(name: m.name, points: m.points, index: 0, priority: 1, trace: .line, now: .dot)]
        if let prefix = state.training.info?.validationPrefix {
            let averaged = state.training.history["ema_" + prefix + (m.log ? "val_excess" : "val_loss")]
            if !averaged.isEmpty { series.append(LineChart.Series(name: "EMA weights", points: averaged, index: 3, priority: 2, trace: .line, now: .diamond)) }
        }
        var c = LineChart(series: series,
                          markers: trainingMarkers(state), yScale: m.log ? .log : .linear, glyphs: state.glyphs)
        c.xRange = stepRange
        return c
    }

    /// The raw batch loss (faint) and its EMA (a line), linear: SiD's loss is negative, and it is noisy by nature.
    private var strip: LineChart {
        var c = LineChart(
            series: [
                LineChart.Series(name: "batch loss", points: state.loss.raw, pen: Pen(style: .faint, priority: 0, glyph: ".")),
                LineChart.Series(name: "EMA", points: state.loss.ema, index: 1, priority: 1, trace: .line),
            ],
            markers: mainSeries == nil ? trainingMarkers(state) : [],
            yScale: .linear, glyphs: state.glyphs)
        c.xRange = stepRange
        return c
    }

    /// Both charts share the step axis.
    private var stepRange: ClosedRange<Double>? {
        guard let last = state.loss.raw.last?.x, let first = state.loss.raw.first?.x, last > first else { return nil }
        return first...last
    }
}

/// The run's events as chart markers on the step axis, each kind with its own line glyph.
func trainingMarkers(_ state: AppState) -> [LineChart.Marker] {
    state.training.markers.map { m in
        let kind: LineChart.Marker.Kind
        switch m.kind {
        case .optimizer: kind = .optimizer
        case .lr: kind = .learningRate
        case .batch: kind = .batch
        case .dataset: kind = .dataset
        case .option, .phase: kind = .reference
        }
        return LineChart.Marker(x: Double(m.step), label: m.label, kind: kind)
    }
}
