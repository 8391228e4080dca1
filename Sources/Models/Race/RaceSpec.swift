import Foundation

/// Two runs to race on the same seed and data stream: two presets, or one preset with two sets of overrides.
public struct RaceSpec: Sendable {
    public var a: Preset
    public var b: Preset
    /// Short names of the runs ("adam" / "muon", or the presets' names).
    public var labels: [String]
    /// The measure the race is decided on (the headline when nil) and the value that counts as reached.
    public var targetMeasure: String?
    public var target: Double?
    /// The race preset's name and claims (none when the race was built from two presets on the command line).
    public var name = ""
    public var claims: [Claim] = []

    /// Builds both runs: each preset with its overrides, then the shared steps and seed; both must train.
    public init(a: Preset, b: Preset, aSets: [String] = [], bSets: [String] = [], steps: Int? = nil, seed: Int? = nil,
                targetMeasure: String? = nil, target: Double? = nil) throws {
        var runs = [a, b]
        for (i, sets) in [aSets, bSets].enumerated() {
            for assignment in sets { try runs[i].set(assignment) }
            if let steps { try runs[i].set("steps=\(steps)") }
            if let seed { try runs[i].set("seed=\(seed)") }
        }
        for p in runs where p.makeMethod() == nil {
            throw ConfigError("\(p.source): a race needs two training experiments; '\(p.experiment.rawValue)' does not train")
        }
        guard runs[0].int("seed") == runs[1].int("seed") else {
            throw ConfigError("race: both runs need the same seed (\(runs[0].int("seed")) vs \(runs[1].int("seed"))); pass --seed")
        }
        self.a = runs[0]
        self.b = runs[1]
        labels = Self.labels(a: runs[0], b: runs[1], keys: (aSets + bSets).compactMap { $0.split(separator: "=").first.map { $0.trimmingCharacters(in: .whitespaces) } })
        self.targetMeasure = targetMeasure
        self.target = target
    }

    /// The steps both run: the longer of the two presets' budgets.
    public var steps: Int { max(a.steps, b.steps) }

    /// "adam" vs "muon" from `optimizer=adam` / `optimizer=muon`: the values of the overridden keys on which the
    /// two runs end up differing (joined by "-"); the presets' names when only those differ; "A" and "B" otherwise.
    static func labels(a: Preset, b: Preset, keys: [String]) -> [String] {
        var differing: [String] = []
        for k in keys where !differing.contains(k) && a.value(k) != b.value(k) { differing.append(k) }
        if !differing.isEmpty {
            let label = { (p: Preset) in differing.map { p.value($0)?.description ?? "-" }.joined(separator: "-") }
            let la = label(a), lb = label(b)
            if la != lb { return [la, lb] }
        }
        if a.name != b.name { return [a.name, b.name] }
        return ["A", "B"]
    }
}

/// A race preset's keys as plain values, each bound to its key once: the two presets, their overrides and the target.
public struct RaceSettings: PresetSettings {
    public var a = "", b = "", aSet = "", bSet = "", targetMeasure = ""
    public var target = 0.0
    public init() {}

    public static let settings: [Setting<RaceSettings>] = [
        // The first run's preset has no default: a race names at least one (the family's rule says so in one line).
        Setting(PresetKey("a", .text, "the first run's preset")) { c, p in c.a = p.text("a") },
        text("b", \.b, "the second run's preset (default: the first's)"),
        text("a_set", \.aSet, "overrides of the first run, 'key=value; key=value'"),
        text("b_set", \.bSet, "overrides of the second run"),
        text("target_measure", \.targetMeasure, "the measure that decides the race (default: the headline, e.g. kl)"),
        .number("target", \.target, -1e9...1e9, "the value that counts as reached (lower is better; 0: none)"),
    ]

    private static func text(_ name: String, _ field: WritableKeyPath<RaceSettings, String> & Sendable, _ help: String) -> Setting<RaceSettings> {
        Setting(PresetKey(name, .text, default: .text(RaceSettings()[keyPath: field]), help)) { c, p in c[keyPath: field] = p.text(name) }
    }
}

extension RaceSpec {
    /// A race preset: loads its two presets from `library` and applies the overrides.
    public init(preset p: Preset, library: PresetLibrary, steps: Int? = nil, seed: Int? = nil) throws {
        guard p.experiment == .race else { throw ConfigError("\(p.source): not a race preset (experiment: race)") }
        let r = RaceSettings(reading: p)
        let first = r.a, second = r.b.isEmpty ? r.a : r.b
        let split = { (s: String) in s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let explicitSteps = steps ?? (p.has("steps") ? p.steps : nil)
        let explicitSeed = seed ?? (p.has("seed") ? Int(p.seed) : nil)
        try self.init(a: try library.load(first), b: try library.load(second), aSets: split(r.aSet), bSets: split(r.bSet),
                      steps: explicitSteps, seed: explicitSeed, targetMeasure: r.targetMeasure.isEmpty ? nil : r.targetMeasure,
                      target: r.target == 0 ? nil : r.target)
        name = p.name
        claims = p.claims
    }
}

extension ExperimentKind {
    public static let race = ExperimentKind("race")
}

/// Two training presets raced side by side on the same seed and data.
extension ExperimentFamily {
    public static let race = ExperimentFamily("race", [
        Member(.race, keys: RaceSettings.keys, runs: .race, rules: [{ p in
            if !p.has("a") {
                throw ConfigError("\(p.source):1: missing key 'a' (the first run's preset; a race needs at least one)")
            }
        }]),
    ])
}
