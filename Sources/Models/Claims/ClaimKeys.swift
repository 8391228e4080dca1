/// The flat preset keys of claims 1…3 (`claim`, `claim_source`, … `claim3_quick_bar`): common keys of every kind, read
/// and checked here so a bad measure, bar or missing companion is a one-line error at load.
public enum ClaimKeys {
    /// How many claims a preset may declare.
    public static let count = 3

    /// The name key of claim k (1-based): `claim`, `claim2`, `claim3`.
    public static func prefix(_ k: Int) -> String { k == 1 ? "claim" : "claim\(k)" }

    /// The companion keys after the name key, with what they hold.
    static let companions: [(suffix: String, kind: KeyKind, help: String)] = [
        ("_source", .text, "the paper or post, section or figure"),
        ("_figure", .text, "the paper's own figure or number (may be empty)"),
        ("_measure", .text, "an expression over the run's metrics, e.g. b.kl / a.kl"),
        ("_bar", .text, "the bar: <= x, >= x, < x, > x or in [lo, hi]"),
        ("_quick_steps", .int(0...100_000_000), "steps of the quick run (lab claims --quick); 0: the full run"),
        ("_quick_bar", .text, "the quick run's bar (same form as the bar)"),
    ]

    /// Every claim key, as common preset keys (no defaults: a claim is all seven keys or none).
    public static let keys: [PresetKey] = (1...count).flatMap { k in
        [PresetKey(prefix(k), .text, "claim \(k): what a reader checks, in one line")]
            + companions.map { PresetKey(prefix(k) + $0.suffix, $0.kind, "claim \(k): \($0.help)") }
    }

    /// The claims `p` declares, in order; throws a one-line error naming file:line and key for a missing companion, a
    /// companion without its claim, or a measure or bar that does not parse.
    public static func claims(of p: Preset) throws -> [Claim] {
        var out: [Claim] = []
        for k in 1...count {
            let name = prefix(k)
            guard case .text(let title)? = p.value(name) else {
                if let orphan = companions.map({ name + $0.suffix }).first(where: p.has) {
                    throw ConfigError("\(p.place(orphan)): key '\(orphan)' needs key '\(name)' (the claim's name)")
                }
                continue
            }
            for c in companions where !p.has(name + c.suffix) {
                throw ConfigError("\(p.place(name)): key '\(name)' needs key '\(name + c.suffix)' (\(c.help))")
            }
            func text(_ suffix: String) -> String { p.text(name + suffix) }
            let measure: ClaimMeasure
            do {
                measure = try ClaimMeasure(text("_measure"))
            } catch {
                throw ConfigError("\(p.place(name + "_measure")): key '\(name)_measure': \(error.description)")
            }
            func bar(_ suffix: String) throws -> ClaimBar {
                guard let b = ClaimBar(text(suffix)) else {
                    throw ConfigError("\(p.place(name + suffix)): key '\(name + suffix)': expected <= x, >= x, < x, > x or in [lo, hi], got \(ConfigError.quoted(text(suffix)))")
                }
                return b
            }
            out.append(Claim(name: title, source: text("_source"), figure: text("_figure"), measure: measure, bar: try bar("_bar"),
                             quickSteps: p.int(name + "_quick_steps"), quickBar: try bar("_quick_bar")))
        }
        return out
    }
}

extension Preset {
    /// The preset's claims (validated when it loaded, so reading them cannot fail).
    public var claims: [Claim] { (try? ClaimKeys.claims(of: self)) ?? [] }
}
