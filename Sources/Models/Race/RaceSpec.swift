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

extension PresetKey {
    /// Keys of a race preset: two presets (or one twice) with their overrides, and the target that decides it.
    public static let race: [PresetKey] = [
        PresetKey("a", .text, "the first run's preset"),
        PresetKey("b", .text, default: .text(""), "the second run's preset (default: the first's)"),
        PresetKey("a_set", .text, default: .text(""), "overrides of the first run, 'key=value; key=value'"),
        PresetKey("b_set", .text, default: .text(""), "overrides of the second run"),
        PresetKey("target_measure", .text, default: .text(""), "the measure that decides the race (default: the headline, e.g. kl)"),
        PresetKey("target", .number(-1e9...1e9), default: .number(0), "the value that counts as reached (lower is better; 0: none)"),
    ]
}

extension RaceSpec {
    /// A race preset: loads its two presets from `library` and applies the overrides.
    public init(preset p: Preset, library: PresetLibrary, steps: Int? = nil, seed: Int? = nil) throws {
        guard p.experiment == .race else { throw ConfigError("\(p.source): not a race preset (experiment: race)") }
        let first = p.text("a"), second = p.text("b").isEmpty ? first : p.text("b")
        let split = { (s: String) in s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let explicitSteps = steps ?? (p.values["steps"] != nil ? p.steps : nil)
        let explicitSeed = seed ?? (p.values["seed"] != nil ? p.int("seed") : nil)
        try self.init(a: try library.load(first), b: try library.load(second), aSets: split(p.text("a_set")), bSets: split(p.text("b_set")),
                      steps: explicitSteps, seed: explicitSeed,
                      targetMeasure: p.text("target_measure").isEmpty ? nil : p.text("target_measure"),
                      target: p.number("target") == 0 ? nil : p.number("target"))
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
        Member(.race, keys: PresetKey.race, runs: .race, rules: [{ p in
            if !p.has("a") {
                throw ConfigError("\(p.source):1: missing key 'a' (the first run's preset; a race needs at least one)")
            }
        }]),
    ])
}
