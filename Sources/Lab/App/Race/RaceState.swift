import Models

/// The race dashboard's state: one single-run state per run (fed by its own trainer), and what the race adds —
/// which run the keys act on, and the target that decides it.
struct RaceState: Sendable {
    var runs: [AppState]
    var labels: [String]
    /// The run the training keys act on (nil: both).
    var focus: Int?
    var measure: String?
    var target: Double?
    var glyphs: GlyphMode
    var width = 0
    var height = 0
    var showHelp = false
    var quitting = false
    var notice: (text: String, until: Double)?
    var now = 0.0
    /// The race preset's name and its claims (their metrics, `a.` and `b.`, exist only in a headless race's files).
    var presetName: String
    var claims: ClaimsView

    init(spec: RaceSpec, glyphs: GlyphMode) {
        runs = [spec.a, spec.b].map { AppState(preset: $0, glyphs: glyphs) }
        labels = spec.labels
        measure = spec.targetMeasure
        target = spec.target
        presetName = spec.name
        claims = ClaimsView(claims: spec.claims, budget: spec.steps, live: false)
        self.glyphs = glyphs
    }

    /// The measure the race charts and decides on: the spec's, else the first run's headline.
    var decidingMeasure: String { measure ?? runs[0].training.rawHeadline }

    /// When run i first reached the target on the deciding measure (from its evaluation history).
    func arrival(_ i: Int) -> Int? {
        guard let target else { return nil }
        return runs[i].training.history[decidingMeasure].first { $0.y <= target }.map { Int($0.x) }
    }

    mutating func say(_ text: String, seconds: Double = 3) { notice = (text, now + seconds) }

    /// A run's own start-up notice, which the race does not repeat.
    func quietNotice(_ i: Int) -> String { "training \(runs[i].presetName)" }

    /// How many times `s` saved the race, for distinct file names.
    var saveCount = 0

    /// The keys of the race, then the training keys that reach the focused run(s).
    var bindings: [KeyAction] {
        let shown = runs[focus ?? 0]
        return [KeyAction("f", "keys act on: both runs → \(labels[0]) → \(labels[1])", hint: "focus " + (focus.map { labels[$0] } ?? "both")) { _, _ in [] }]
            + shown.dashboard.keys(shown).filter { !["n", "d"].contains($0.keys) }
            + [KeyAction("s", "save the race screen (text and SVG)") { _, _ in [] },
               KeyAction("?", "this help", hint: "help") { _, _ in [] }, KeyAction("q", "quit", hint: "quit") { _, _ in [] }]
    }
}

/// Race messages: keys and ticks as in the single-run app, trainer events tagged with their run.
enum RaceMessage: Sendable {
    case key(Key)
    case tick(Double)
    case resize(width: Int, height: Int)
    case trainer(Int, TrainerEvent)
}

/// A command for one run's trainer, or quitting.
enum RaceEffect: Equatable, Sendable {
    case send(Int, TrainerCommand)
    case quit
    /// Save the race screen under this file stem.
    case save(stem: String)
}

/// The race's only state transition: routes events to their run, keys to the focused run(s).
func update(_ race: inout RaceState, _ message: RaceMessage) -> [RaceEffect] {
    switch message {
    case .trainer(let i, let event):
        _ = update(&race.runs[i], .trainer(event))
        // What a run says (a notice, a switch of optimizer, λ or balance) is said once, named by its run.
        if let n = race.runs[i].notice, n.text != race.quietNotice(i) { race.say("\(race.labels[i]): \(n.text)") }
        race.runs[i].notice = nil
        return []
    case .tick(let now):
        race.now = now
        for i in race.runs.indices { _ = update(&race.runs[i], .tick(now)) }
        if let n = race.notice, n.until < now { race.notice = nil }
        return []
    case .resize(let w, let h):
        race.width = w
        race.height = h
        for i in race.runs.indices { _ = update(&race.runs[i], .resize(width: w, height: h)) }
        return []
    case .key(let key):
        return raceKey(&race, key)
    }
}

private func raceKey(_ race: inout RaceState, _ key: Key) -> [RaceEffect] {
    if race.showHelp, key == .char("?") || key == .escape || key == .char("q") {
        race.showHelp = false
        return []
    }
    switch key {
    case .char("q"), .ctrl("c"):
        race.quitting = true
        return [.quit]
    case .char("?"):
        race.showHelp.toggle()
        return []
    case .char("f"):
        race.focus = race.focus == nil ? 0 : (race.focus == 0 ? 1 : nil)
        race.say("keys act on \(race.focus.map { race.labels[$0] } ?? "both runs")")
        return []
    case .char("s"):
        race.saveCount += 1
        return [.save(stem: "lab-race-\(race.labels.joined(separator: "-"))-step\(race.runs.map(\.step).max() ?? 0)-\(race.saveCount)")]
    case .char("n"), .char("d"), .char("p"), .tab, .backTab, .char("z"):
        return []
    default:
        let targets = race.focus.map { [$0] } ?? Array(race.runs.indices)
        var effects: [RaceEffect] = []
        for i in targets {
            for e in update(&race.runs[i], .key(key)) {
                if case .send(let c) = e { effects.append(.send(i, c)) }
            }
            if let n = race.runs[i].notice { race.say(targets.count > 1 ? n.text : "\(race.labels[i]): \(n.text)") }
            race.runs[i].notice = nil
        }
        return effects
    }
}
