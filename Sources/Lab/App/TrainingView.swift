import Models

/// What a training event marks on the charts' step axis.
enum MarkerKind: String, Sendable {
    case optimizer, lr, batch, dataset, option, phase
}

/// A labelled event on the training step axis: an optimizer switch, an LR/batch/dataset change, a new phase.
struct TrainingMarker: Sendable, Equatable {
    var step: Int
    var kind: MarkerKind
    var label: String
}

/// Evaluation results over training steps, by measure name (every scalar an evaluation reports).
struct EvalHistory: Sendable {
    private(set) var series: [String: [(x: Double, y: Double)]] = [:]
    let capacity: Int

    init(capacity: Int = 20_000) { self.capacity = capacity }

    subscript(name: String) -> [(x: Double, y: Double)] { series[name] ?? [] }

    /// Records the named values of `e` (missing names are skipped); past `capacity` a series keeps every other point.
    mutating func append(_ e: Evaluation, names: [String]) {
        for name in names {
            guard let v = e[name], v.isFinite else { continue }
            var s = series[name] ?? []
            if let last = s.last, last.x >= Double(e.step) { s.removeAll { $0.x >= Double(e.step) } }
            s.append((Double(e.step), v))
            if s.count > capacity { s = s.enumerated().filter { $0.offset % 2 == 1 }.map(\.element) }
            series[name] = s
        }
    }

    mutating func removeAll() { series.removeAll() }
}

/// What the trainer has told the UI about the experiment: its shape, parameter groups, evaluations and events.
struct TrainingView: Sendable {
    var info: ExperimentInfo?
    var groups: [GroupStatus] = []
    /// The parameter group the optimizer keys aim at (nil: every group); `g` cycles it.
    var target: String?
    var evaluation: Evaluation?
    var history = EvalHistory()
    var markers: [TrainingMarker] = []
    /// A long operation inside a step ("drawing pairs 12k/50k").
    var busy: String?
    var phase: String?

    /// The headline of the raw weights (the info's headline may be the EMA's).
    var rawHeadline: String {
        let h = info?.headline ?? ""
        return h.hasPrefix("ema_") ? String(h.dropFirst(4)) : h
    }

    /// The group a key acts on now: the target, or the first group when every group is aimed at.
    var shownGroup: GroupStatus? { groups.first { $0.name == target } ?? groups.first }

    /// Forgets a run's results (after a reset), keeping what describes the experiment and the user's target.
    mutating func clearRun() {
        evaluation = nil
        history.removeAll()
        markers.removeAll()
        busy = nil
    }
}
