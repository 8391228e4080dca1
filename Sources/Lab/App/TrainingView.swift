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

    init(capacity: Int = 2_000) { self.capacity = capacity }

    subscript(name: String) -> [(x: Double, y: Double)] { series[name] ?? [] }

    /// Records the named values of `e` (missing names are skipped); past `capacity` a series keeps every other point.
    mutating func append(_ e: Evaluation, names: [String]) {
        for name in names {
            guard let v = e[name], v.isFinite else { continue }
            var s = series.removeValue(forKey: name) ?? []  // taken out, so it grows in place
            // A complete evaluation may land after quick ones of later steps: it goes in at its step.
            let x = Double(e.step)
            if let last = s.last, last.x >= x {
                s.removeAll { $0.x == x }
                s.insert((x, v), at: s.firstIndex { $0.x > x } ?? s.endIndex)
            } else {
                s.append((x, v))
            }
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
    /// The newest evaluation, quick ones laid over the last complete one (`Evaluation.overlaying`).
    var evaluation: Evaluation?
    /// The newest evaluation of each kind (`evaluation` is the quick one over the complete one when newer).
    private var newestQuick: Evaluation?
    private var newestComplete: Evaluation?
    /// The complete evaluation at the preset's steps, where its claims are judged, and that step's metrics (a claim
    /// may read a per-step extra, as summary.json holds the last step's).
    var budgetEvaluation: Evaluation?
    var budgetMetrics: StepMetrics?
    var lastMetrics: StepMetrics?
    var history = EvalHistory()
    /// Settings changes drawn on the loss chart (`mark`): the newest `markerCapacity`.
    private(set) var markers: [TrainingMarker] = []
    /// More markers than a chart can show apart; a soak's key flood made ~300 a second, 13 MB in ten minutes.
    static let markerCapacity = 200
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

    /// Takes an evaluation in: a quick one over the one before, a complete one under any newer quick one, and the
    /// complete one at `budget` kept for the claims.
    mutating func receive(_ e: Evaluation, budget: Int) {
        if e.isQuick {
            if e.step >= newestQuick?.step ?? -1 { newestQuick = e }
        } else if e.step >= newestComplete?.step ?? -1 {
            newestComplete = e
        }
        if let q = newestQuick, q.step > newestComplete?.step ?? -1 {
            evaluation = newestComplete.map(q.overlaying) ?? q
        } else {
            evaluation = newestComplete
        }
        if !e.isQuick && e.step == budget { budgetEvaluation = e }
        history.append(e, names: e.names)
    }

    /// Adds a marker; one of the same kind at the same step replaces it (a key repeated between two steps marks
    /// once), and past `markerCapacity` the oldest go.
    mutating func mark(_ m: TrainingMarker) {
        if let last = markers.last, last.step == m.step, last.kind == m.kind {
            markers[markers.count - 1] = m
        } else {
            markers.append(m)
        }
        if markers.count > Self.markerCapacity { markers.removeFirst(markers.count - Self.markerCapacity) }
    }

    /// Forgets a run's results (after a reset), keeping what describes the experiment and the user's target.
    mutating func clearRun() {
        evaluation = nil
        newestQuick = nil
        newestComplete = nil
        budgetEvaluation = nil
        budgetMetrics = nil
        lastMetrics = nil
        history.removeAll()
        markers.removeAll()
        busy = nil
    }
}
