import Models

/// A recorded run on the dashboard: the recorded events, how many of them have been applied, and the ordinary
/// dashboard state that results. Scrubbing re-applies events from the nearest checkpoint (states are values).
struct ReplayState: Sendable {
    let events: [TrainerEvent]
    /// Where the readable prefix of the file ended early, if it did.
    let problem: String?
    private(set) var app: AppState
    private(set) var position = 0
    var playing = false
    var quitting = false
    /// States after every `checkpointEvery` events, for fast scrubbing back.
    private var checkpoints: [Int: AppState] = [:]
    private let initial: AppState
    static let checkpointEvery = 500
    /// Positions just after each marked event (optimizer switch, setting change, phase), for `[` and `]`.
    let marks: [Int]

    init(recording: Recording, preset: Preset, glyphs: GlyphMode) {
        events = recording.events
        problem = recording.problem
        var s = AppState(preset: preset, glyphs: glyphs)
        s.paused = true
        initial = s
        app = s
        marks = recording.events.indices.filter { i in
            switch recording.events[i] {
            case .switched, .changed, .phase: true
            default: false
            }
        }.map { $0 + 1 }
    }

    /// The last recorded step (the end of the timeline).
    var lastStep: Int {
        for e in events.reversed() { if case .metrics(let m) = e { return m.step } }
        return 0
    }

    /// Applies or re-applies events so that exactly `target` of them are in the state.
    mutating func seek(to target: Int) {
        let t = max(0, min(target, events.count))
        if t < position {
            let base = (t / Self.checkpointEvery) * Self.checkpointEvery
            app = checkpoints[base].map { restored($0) } ?? restored(initial)
            position = checkpoints[base] == nil ? 0 : base
        }
        while position < t {
            _ = update(&app, .trainer(events[position]))
            position += 1
            if position % Self.checkpointEvery == 0, checkpoints[position] == nil { checkpoints[position] = app }
        }
        app.notice = nil
        app.paused = !playing
    }

    /// A checkpoint with the current interface (size, focus, zoom, help) kept.
    private func restored(_ s: AppState) -> AppState {
        var r = s
        r.width = app.width
        r.height = app.height
        r.focus = app.focus
        r.zoomed = app.zoomed
        r.now = app.now
        return r
    }

    /// A scrub of 2% of the events either way.
    var scrubSize: Int { max(1, events.count / 50) }
}

/// The replay's state transition: timeline keys here, pane keys (Tab, z) to the dashboard, training keys ignored.
func update(_ replay: inout ReplayState, _ message: Message) -> [Effect] {
    switch message {
    case .key(let key):
        switch key {
        case .char("q"), .ctrl("c"):
            replay.quitting = true
            return [.quit]
        case .right: replay.seek(to: replay.position + replay.scrubSize)
        case .left: replay.seek(to: replay.position - replay.scrubSize)
        case .char("]"): replay.seek(to: replay.marks.first { $0 > replay.position } ?? replay.events.count)
        case .char("["): replay.seek(to: replay.marks.last { $0 < replay.position } ?? 0)
        case .char(" "):
            replay.playing.toggle()
            if replay.playing, replay.position >= replay.events.count { replay.seek(to: 0) }
        case .char("?"), .tab, .backTab, .char("z"), .escape:
            var app = replay.app
            _ = update(&app, message)
            replay = replay.with(app: app)
        default:
            break
        }
        return []
    case .tick(let now):
        if replay.playing {
            replay.seek(to: replay.position + max(1, replay.scrubSize / 10))
            if replay.position >= replay.events.count { replay.playing = false }
        }
        var app = replay.app
        _ = update(&app, .tick(now))
        app.stepsPerSecond = 0
        replay = replay.with(app: app)
        return []
    case .resize, .trainer, .sweepResults, .sweepNoise, .mupResults, .mupCoords, .studyMeasured:
        var app = replay.app
        _ = update(&app, message)
        replay = replay.with(app: app)
        return []
    }
}

extension ReplayState {
    /// The same replay with the dashboard state replaced (interface changes only).
    func with(app: AppState) -> ReplayState {
        var r = self
        r.app = app
        return r
    }
}

/// A replay as the frame loop's program: its own update and view, nothing running in the background.
extension ReplayState: LoopProgram {
    var finished: Bool { quitting }
    var size: (width: Int, height: Int) { (app.width, app.height) }
    mutating func receive(_ message: Message) { _ = Lab.update(&self, message) }
    func render(into buffer: inout Buffer) { Lab.render(self, into: &buffer) }
}

/// The dashboard at the replay's position, with a timeline in the status line.
func render(_ replay: ReplayState, into buffer: inout Buffer) {
    render(replay.app, into: &buffer)
    guard buffer.height >= minimumSize.height, buffer.width >= minimumSize.width else { return }
    let status = Rect(x: 0, y: buffer.height - 1, width: buffer.width, height: 1)
    let hints = [StatusBar.Hint("← →", "scrub"), StatusBar.Hint("[ ]", "events"), StatusBar.Hint("space", replay.playing ? "pause" : "play"),
                 StatusBar.Hint("?", "help", pinned: true), StatusBar.Hint("q", "quit", pinned: true)]
    var right = "replay · step \(replay.app.step) of \(replay.lastStep)"
    if let p = replay.problem { right += " · file cut: \(p)" }
    StatusBar(hints: hints, right: right).render(into: &buffer, area: status)
}
