import Models

extension PaneID {
    /// One-step generation: quality against sampling steps, and 1-step samples per method.
    static let stepsQuality = PaneID("stepsQuality"), grid = PaneID("grid")
}

/// The one-step generators' dashboard (2-RF, shortcut, consistency, SiD, distillation): quality against sampling
/// steps and a grid of 1-step samples, for every method trained this session, so `n` compares methods.
struct OneStepDashboard: Dashboard {
    /// The one-step methods' presets, in the order `n` visits them.
    static let presets = ["reflow2", "shortcut", "consistency", "sid", "distill"]

    /// SiD's λ (key l) and the values its family lets `l` cycle; nil for the other methods.
    var lambda: Double?
    var lambdaValues: [Double] = []
    /// The latest quality curve and 1-step samples of every method trained this session, by name.
    var curves: [String: NamedSeries] = [:]
    var samples: [String: NamedPoints] = [:]
    var order: [String] = []

    init(lambda: Double?, values: [Double] = []) {
        self.lambda = lambda
        lambdaValues = values
    }

    let panes: [PaneID] = [.loss, .stepsQuality, .grid, .stats]

    /// Curves of every method seen, the running one first.
    var comparedCurves: [NamedSeries] { order.compactMap { curves[$0] } }
    var comparedSamples: [NamedPoints] { order.compactMap { samples[$0] } }
    /// Each method's 1-step headline value: its quality curve at M = 1.
    var oneStepQuality: [String: Double] { curves.compactMapValues { c in c.points.first { $0.x == 1 }?.y } }

    /// Keeps the latest quality-vs-steps curve of a method (or its teacher) for the comparison chart.
    mutating func remember(curve: NamedSeries) {
        curves[curve.name] = curve
        if !order.contains(curve.name) { order.append(curve.name) }
    }

    mutating func remember(samples p: NamedPoints) {
        samples[p.name] = p
        if !order.contains(p.name) { order.append(p.name) }
    }

    mutating func receive(_ message: Message, _ state: inout AppState) {
        switch message {
        case .trainer(.snapshot(let s)): for p in s.pointSets { remember(samples: p) }
        case .trainer(.evaluated(let e)): for c in e.curves { remember(curve: c) }
        case .trainer(.reset):
            if let name = state.training.info?.method {
                curves[name] = nil
                samples[name] = nil
            }
        default: break
        }
    }

    mutating func inherit(from previous: any Dashboard) {
        guard let p = previous as? OneStepDashboard else { return }
        curves = p.curves
        samples = p.samples
        order = p.order
    }

    func layout(_ state: AppState, _ area: Rect) -> [(PaneID, Rect)] {
        let cols = area.split(.horizontal, [.percent(50), .fill(1)])
        let left = cols[0].split(.vertical, [.fill(1), .fill(1), .fixed(lambda == nil ? 9 : 10)])
        return [(.loss, left[0]), (.stepsQuality, left[1]), (.stats, left[2]), (.grid, cols[1])]
    }

    func render(_ pane: PaneID, _ state: AppState, into buffer: inout Buffer, area: Rect) -> Bool {
        let focused = state.focus == pane
        let measure = QualityPane.baseName(state.training.info?.headline ?? "kl")
        switch pane {
        case .stepsQuality:
            StepsQualityPane(curves: comparedCurves, measure: measure, floor: state.training.info?.floors[measure],
                             focused: focused, glyphs: state.glyphs).render(into: &buffer, area: area)
        case .grid:
            OneStepGridPane(sets: comparedSamples, data: state.snapshot?.data ?? [], quality: oneStepQuality, measure: measure,
                            selected: state.snapshot?.pointSets.first?.name, focused: focused, glyphs: state.glyphs)
                .render(into: &buffer, area: area)
        default:
            return false
        }
        return true
    }

    /// SiD's stats name λ, the loss's one live knob, and what `l` cycles through.
    func statsRows(_ state: AppState) -> [TextPanel.Row] {
        guard let l = lambda else { return TrainingStats(state: state).rows() }
        let cycle = lambdaValues.map { NumberFormat.compact($0) }.joined(separator: " → ")
        let meaning = abs(l - 0.5) < 1e-9 ? "FGM" : abs(l - 1) < 1e-9 ? "SiD" : "SiD, released α"
        return TrainingStats(state: state).rows(extra: [TextPanel.Row("λ", "\(NumberFormat.compact(l))  \(meaning) · l: \(cycle)")])
    }

    func keys(_ state: AppState) -> [KeyAction] {
        var keys = [KeyAction("n", "next method: " + Self.presets.joined(separator: " → "), hint: "method") { s, _ in
            let all = Self.presets
            return [.switchPreset(all[((all.firstIndex(of: s.presetName) ?? -1) + 1) % all.count])]
        }]
        if lambda != nil {
            let shown = lambdaValues.map { NumberFormat.compact($0) }.joined(separator: " → ")
            keys.append(KeyAction("l", "SiD λ: \(shown) (0.5: FGM)", hint: "λ") { s, _ in
                s.modify(OneStepDashboard.self) { d, _ in
                    let values = d.lambdaValues
                    let i = values.firstIndex { abs($0 - (d.lambda ?? 1)) < 1e-9 } ?? -1
                    d.lambda = values[(i + 1) % values.count]
                    return [.send(.setOption(key: "lambda", value: "\(d.lambda!)"))]
                }
            })
        }
        // The teacher is trained on one data set: `d` would throw it away.
        return keys + TrainingKeys.table(state, dataset: false)
    }
}
