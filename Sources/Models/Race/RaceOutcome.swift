/// When a run first reached the target, by step and by wall-clock seconds.
public struct Arrival: Sendable, Equatable {
    public var step: Int
    public var seconds: Double
}

/// Who won a race: when each run first reached the target on the deciding measure, and the final values of the
/// measures both report (lower is better for every one of them).
public struct RaceOutcome: Sendable {
    public var measure: String
    public var target: Double?
    public var arrivals: [Arrival?]
    public var finals: [(name: String, values: [Double])]

    /// `traces[i]` is run i's evaluations in order with their seconds since the start.
    public init(measure: String, target: Double?, traces: [[(seconds: Double, evaluation: Evaluation)]], compared: [String]) {
        self.measure = measure
        self.target = target
        arrivals = traces.map { trace in
            guard let target else { return nil }
            return trace.first { ($0.evaluation[measure] ?? .infinity) <= target }.map { Arrival(step: $0.evaluation.step, seconds: $0.seconds) }
        }
        let lasts = traces.map { $0.last?.evaluation }
        finals = compared.compactMap { name in
            let v = lasts.map { $0?[name] }
            guard v.allSatisfy({ $0 != nil }) else { return nil }
            return (name, v.map { $0! })
        }
    }

    /// The run that reached the target first (by step, then by seconds), if any did.
    public var winner: Int? {
        let reached = arrivals.enumerated().compactMap { i, a in a.map { (i, $0) } }
        return reached.min { ($0.1.step, $0.1.seconds) < ($1.1.step, $1.1.seconds) }?.0
    }

    /// Which run ends lower on `name` (nil on a tie or when it is missing).
    public func ahead(on name: String) -> Int? {
        guard let v = finals.first(where: { $0.name == name })?.values, v.count == 2, v[0] != v[1] else { return nil }
        return v[0] < v[1] ? 0 : 1
    }

    /// race.json's body: the target, each run's arrival, who got there first, and the final values with who is ahead.
    public func json(labels: [String]) -> JSONObject {
        var j = JSONObject()
        j.set("measure", measure)
        if let target { j.set("target", target) }
        for (i, label) in labels.enumerated() {
            var r = JSONObject()
            if let a = arrivals[i] {
                r.set("step", a.step)
                r.set("seconds", a.seconds)
            } else {
                r.set("reached", false)
            }
            j.set("arrival_\(label)", object: r)
        }
        if let w = winner { j.set("first", labels[w]) }
        if let w = winner, let a = arrivals[w], let o = arrivals[1 - w] {
            j.set("steps_ahead", o.step - a.step)
            j.set("seconds_ahead", o.seconds - a.seconds)
        }
        var f = JSONObject()
        for (name, v) in finals {
            var o = JSONObject()
            for (i, label) in labels.enumerated() { o.set(label, v[i]) }
            if let a = ahead(on: name) { o.set("ahead", labels[a]) }
            f.set(name, object: o)
        }
        j.set("final", object: f)
        return j
    }
}
