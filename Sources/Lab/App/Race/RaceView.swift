import Models

/// The race on one screen: the deciding measure and the validation excess of both runs on shared charts, a table
/// of both runs' numbers with the race's readout, and each run's samples.
func view(_ race: RaceState, width: Int, height: Int) -> Buffer {
    var buffer = Buffer(width: width, height: height)
    render(race, into: &buffer)
    return buffer
}

func render(_ race: RaceState, into buffer: inout Buffer) {
    let area = buffer.area
    guard area.width >= minimumSize.width, area.height >= minimumSize.height else {
        TooSmall(needWidth: minimumSize.width, needHeight: minimumSize.height, glyphs: race.glyphs).render(into: &buffer, area: area)
        return
    }
    let (main, status) = area.splitBottom(1)
    let tableRows = min(12, max(6, main.height / 3))
    let cols = main.split(.horizontal, [.percent(main.width >= 100 ? 55 : 50), .fill(1)])
    let left = cols[0].split(.vertical, [.fill(1), .fill(1), .fixed(tableRows)])
    raceChart(race, name: race.decidingMeasure, title: "race · \(QualityPane.label(race.decidingMeasure))", target: race.target)
        .render(into: &buffer, area: left[0])
    raceSecondChart(race).render(into: &buffer, area: left[1])
    let inner = Block(title: "\(race.labels[0]) vs \(race.labels[1])", focused: false, glyphs: race.glyphs, info: "same seed, same data")
        .render(into: &buffer, area: left[2])
    TextPanel(rows: raceRows(race, width: inner.width) + race.claims.rows(preset: race.presetName, evaluation: nil, glyphs: race.glyphs)).render(into: &buffer, area: inner)
    let right = cols[1].split(.vertical, [.fill(1), .fill(1)])
    for i in 0..<2 {
        let focused = race.focus == i
        let run = race.runs[i]
        // A family with a picture of its own (MoE's load per expert) shows it under the run's samples.
        let parts = right[i].height >= 16 ? right[i].split(.vertical, [.fill(3), .fill(2)]) : [right[i]]
        if parts.count == 2, run.dashboard.renderRacePicture(run, into: &buffer, area: parts[1], title: "\(race.labels[i]) · expert load") {
            SamplesPane(state: run, title: "\(race.labels[i]) · samples", focused: focused).render(into: &buffer, area: parts[0])
        } else {
            SamplesPane(state: run, title: "\(race.labels[i]) · samples", focused: focused).render(into: &buffer, area: right[i])
        }
    }
    raceStatus(race).render(into: &buffer, area: status)
    if race.showHelp {
        HelpOverlay(title: "lab race · keys", entries: race.bindings.map { ($0.keys, $0.help) }, glyphs: race.glyphs)
            .render(into: &buffer, area: main)
    }
}

/// The race's second chart: the runs' family signal (MoE: MaxVio, the point of the balancing race), else the
/// validation excess, else (when the race is decided on the excess) the headline — never the first chart again.
func raceSecondChart(_ race: RaceState) -> RaceChart {
    if let a = race.runs[0].dashboard.raceSignal, let b = race.runs[1].dashboard.raceSignal {
        return RaceChart(race: race, name: a.title, title: a.title, target: nil, series: [a.points, b.points])
    }
    let prefix = race.runs[0].training.info?.validationPrefix ?? ""
    let excess = prefix + "val_excess"
    if race.decidingMeasure != excess { return raceChart(race, name: excess, title: "val excess over floor", target: nil) }
    let head = race.runs[0].training.rawHeadline
    return raceChart(race, name: head, title: "quality · \(QualityPane.label(head))", target: nil)
}

/// Both runs' history of `name` on one chart (log y while positive), with the target as a line.
struct RaceChart {
    let race: RaceState
    let name: String
    let title: String
    let target: Double?
    /// Each run's points when they are not an evaluated measure (a family's per-step signal).
    var series: [[(x: Double, y: Double)]]?

    func render(into buffer: inout Buffer, area: Rect) {
        let series = self.series ?? race.runs.indices.map { i in race.runs[i].training.history[name] }
        let positive = series.allSatisfy { $0.allSatisfy { $0.y > 0 } } && (target ?? 1) > 0
        let inner = Block(title: title, focused: false, glyphs: race.glyphs,
                          info: self.series == nil ? (positive ? "log y · held-out" : "held-out") : (positive ? "log y · per step" : "per step"))
            .render(into: &buffer, area: area)
        guard !inner.isEmpty else { return }
        guard series.contains(where: { !$0.isEmpty }) else {
            buffer.write("evaluating…", x: inner.x, y: inner.y, style: .dim, maxWidth: inner.width)
            return
        }
        var lines = race.runs.indices.map { i in
            LineChart.Series(name: race.labels[i], points: series[i], index: i, priority: 2 - i, trace: .line, now: i == 0 ? .dot : .diamond)
        }
        let lastStep = Double(race.runs.map(\.step).max() ?? 0)
        if let target, lastStep > 0 {
            lines.append(LineChart.Series(name: "target", points: [(0, target), (lastStep, target)], pen: Pen(style: .dim, priority: 0, glyph: "-"), trace: .line))
        }
        var chart = LineChart(series: lines, yScale: positive ? .log : .linear, glyphs: race.glyphs)
        if lastStep > 0 { chart.xRange = 0...lastStep }
        chart.render(into: &buffer, area: inner)
    }
}

private func raceChart(_ race: RaceState, name: String, title: String, target: Double?) -> RaceChart {
    RaceChart(race: race, name: name, title: title, target: target)
}

/// A two-column table of both runs at the last step both evaluated (the better of each measure marked ◂), led by
/// the deciding measure and who reached the target first, so a short pane keeps what matters.
func raceRows(_ race: RaceState, width: Int) -> [TextPanel.Row] {
    let runs = race.runs
    // Compare at the last step both runs have evaluated, so a faster run is not flattered by its extra steps.
    let common = runs.map { $0.training.evaluation?.step ?? 0 }.min() ?? 0
    let prefix = runs[0].training.info?.validationPrefix ?? ""
    var cells: [(key: String, a: String, b: String)] = []
    for (name, label) in [(race.decidingMeasure, QualityPane.label(race.decidingMeasure)), (prefix + "val_excess", "val excess"),
                          ("excess_nll", "excess NLL"), ("precision_2sd", "within 2σ"), ("knn_recall", "recall")] {
        let v = runs.map { r in r.training.history[name].last { $0.x <= Double(common) }?.y }
        guard v.contains(where: { $0 != nil }) else { continue }
        let higherIsBetter = name == "precision_2sd" || name == "knn_recall"
        let best: Int? = {
            guard let a = v[0], let b = v[1], a != b else { return nil }
            return (a < b) != higherIsBetter ? 0 : 1
        }()
        let text = v.enumerated().map { i, x in NumberFormat.readout(x) + (best == i ? " ◂" : "") }
        cells.append((label, text[0], text[1]))
    }
    // The family's own signal, now (lower is better: MoE's MaxVio), right after the deciding measure.
    if let a = runs[0].dashboard.raceSignal, let b = runs[1].dashboard.raceSignal {
        let v = [a.points.last?.y, b.points.last?.y]
        let best: Int? = v[0].flatMap { x in v[1].map { y in x == y ? nil : (x < y ? 0 : 1) } } ?? nil
        let label = String(a.title.prefix { $0 != " " })
        cells.insert((label, NumberFormat.readout(v[0]) + (best == 0 ? " ◂" : ""), NumberFormat.readout(v[1]) + (best == 1 ? " ◂" : "")),
                     at: min(1, cells.count))
    }
    cells.append(("now", "\(runs[0].step) · \(NumberFormat.compact(runs[0].stepsPerSecond.rounded()))/s",
                  "\(runs[1].step) · \(NumberFormat.compact(runs[1].stepsPerSecond.rounded()))/s"))
    cells.append(("optimizer", "\(runs[0].optimizer.label) \(NumberFormat.compact(Double(runs[0].lr)))",
                  "\(runs[1].optimizer.label) \(NumberFormat.compact(Double(runs[1].lr)))"))
    let header = "at step \(common)"
    let keyW = ([header] + cells.map(\.key)).map(\.count).max() ?? 0
    let colW = max(6, (width - keyW - 1) / 2)
    func pad(_ s: String) -> String { s.count >= colW ? String(s.prefix(colW - 1)) + " " : s + String(repeating: " ", count: colW - s.count) }
    var rows = [TextPanel.Row(header, pad(race.labels[0]) + pad(race.labels[1]), style: .title)]
    rows += cells.prefix(1).map { TextPanel.Row($0.key, pad($0.a) + pad($0.b)) }
    if let verdict = raceVerdict(race) { rows.append(.init("race", verdict, style: .highlight)) }
    rows += cells.dropFirst().map { TextPanel.Row($0.key, pad($0.a) + pad($0.b)) }
    return rows
}

/// Who reached the target first, and by how many steps (nil without a target).
func raceVerdict(_ race: RaceState) -> String? {
    guard let target = race.target else { return nil }
    let a = [race.arrival(0), race.arrival(1)]
    let goal = "\(QualityPane.label(race.decidingMeasure)) ≤ \(NumberFormat.compact(target))"
    switch (a[0], a[1]) {
    case let (x?, y?) where x == y: return "a tie: both at \(goal) by step \(x)"
    case let (x?, y?): return "\(race.labels[x < y ? 0 : 1]) first, by \(abs(x - y)) steps (\(goal))"
    case let (x?, nil): return "\(race.labels[0]) first, at step \(x) (\(goal))"
    case let (nil, y?): return "\(race.labels[1]) first, at step \(y) (\(goal))"
    case (nil, nil): return "not yet (\(goal))"
    }
}

/// Hints on the left (the race's own first), the notice or both runs' steps on the right.
func raceStatus(_ race: RaceState) -> StatusBar {
    let hints = race.bindings.compactMap { b in b.hint.map { StatusBar.Hint(b.keys, $0, pinned: b.keys == "?" || b.keys == "q") } }
    let right = race.notice?.text ?? zip(race.labels, race.runs).map { "\($0) \($1.step)" }.joined(separator: " · ")
    return StatusBar(hints: hints, right: right)
}
